<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AddProviderConnection</name>
    <message>
        <location filename="../src/usecases/AddProviderConnection.cpp" line="45"/>
        <source>A KeyDesk service is connected with your token for it, not set up as a vendor.</source>
        <translation>Un service KeyDesk se connecte avec votre jeton pour lui, il ne se configure pas comme un fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/usecases/AddProviderConnection.cpp" line="52"/>
        <source>An API-key connection needs a test URL, such as the vendor&apos;s health endpoint.</source>
        <translation>Une connexion par clé d’API a besoin d’une URL de test, par exemple le point de contrôle de santé du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/usecases/AddProviderConnection.cpp" line="63"/>
        <source>The expected status must be an HTTP status such as 204.</source>
        <translation>Le statut attendu doit être un statut HTTP, par exemple 204.</translation>
    </message>
</context>
<context>
    <name>AdminRoutes</name>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="53"/>
        <source>The field “%1” is required.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» est obligatoire.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="60"/>
        <source>The field “%1” must be a string.</source>
        <translation>Le champ «&#xa0;%1&#xa0;» doit être une chaîne de caractères.</translation>
    </message>
    <message>
        <location filename="../src/server/AdminRoutes.cpp" line="85"/>
        <source>expires_in_days must be 7, 30, 90, 180, 365 or null.</source>
        <translation>expires_in_days doit valoir 7, 30, 90, 180, 365 ou null.</translation>
    </message>
    <message>
        <location filename="../src/server/AdminRoutes.cpp" line="109"/>
        <source>status must be “active” or “inactive”.</source>
        <translation>status doit valoir «&#xa0;active&#xa0;» ou «&#xa0;inactive&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/server/AdminRoutes.cpp" line="120"/>
        <source>Send “status” or “description”.</source>
        <translation>Envoyez «&#xa0;status&#xa0;» ou «&#xa0;description&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/server/Authorization.cpp" line="32"/>
        <source>This call needs your personal token in Authorization: Bearer.</source>
        <translation>Cet appel nécessite votre jeton personnel dans Authorization: Bearer.</translation>
    </message>
</context>
<context>
    <name>AuditEventFormatter</name>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="44"/>
        <source>Used %1×</source>
        <translation>Utilisée %1×</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="46"/>
        <source>Failed authentication %1×</source>
        <translation>Échec d’authentification %1×</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="49"/>
        <source>Created “%1”</source>
        <translation>Créée «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="50"/>
        <source>Created “%1” to replace %2</source>
        <translation>Créée «&#xa0;%1&#xa0;» pour remplacer %2</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="53"/>
        <source>Rotated; successor %1</source>
        <translation>Renouvelée&#xa0;; remplacée par %1</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="55"/>
        <source>Activated</source>
        <translation>Activée</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="57"/>
        <source>Deactivated</source>
        <translation>Désactivée</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="59"/>
        <source>Description changed</source>
        <translation>Description modifiée</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="61"/>
        <source>Deleted</source>
        <translation>Supprimée</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="63"/>
        <source>Project “%1” created</source>
        <translation>Projet «&#xa0;%1&#xa0;» créé</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="65"/>
        <source>Project renamed from “%1” to “%2”</source>
        <translation>Projet «&#xa0;%1&#xa0;» renommé en «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="68"/>
        <source>Project “%1” deleted with %2 keys</source>
        <translation>Projet «&#xa0;%1&#xa0;» supprimé avec %2 clés</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="71"/>
        <source>%1 added as %2</source>
        <translation>%1 ajouté en tant que %2</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="73"/>
        <source>%1 changed from %2 to %3</source>
        <translation>%1 passé de %2 à %3</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="76"/>
        <source>%1 removed</source>
        <translation>%1 retiré</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="78"/>
        <source>Token signing key rotated</source>
        <translation>Clé de signature des jetons renouvelée</translation>
    </message>
</context>
<context>
    <name>AuditEventJson</name>
    <message>
        <location filename="../src/core/AuditEventJson.cpp" line="37"/>
        <source>The service sent an event KeyDesk cannot read.</source>
        <translation>Le service a envoyé un événement que KeyDesk ne peut pas lire.</translation>
    </message>
</context>
<context>
    <name>AuthRoutes</name>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="30"/>
        <source>The parameter “%1” was sent more than once.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» a été envoyé plusieurs fois.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="45"/>
        <source>The parameter “%1” must be a string.</source>
        <translation>Le paramètre «&#xa0;%1&#xa0;» doit être une chaîne de caractères.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="54"/>
        <source>Send the token request as application/x-www-form-urlencoded or application/json.</source>
        <translation>Envoyez la requête de jeton au format application/x-www-form-urlencoded ou application/json.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="76"/>
        <source>grant_type is required.</source>
        <translation>grant_type est obligatoire.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="82"/>
        <source>Only grant_type=client_credentials is supported.</source>
        <translation>Seul grant_type=client_credentials est pris en charge.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="103"/>
        <source>Send the client credentials either in the Authorization header or in the body, not both.</source>
        <translation>Envoyez les identifiants du client soit dans l’en-tête Authorization, soit dans le corps, pas dans les deux.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="114"/>
        <source>Client authentication failed: send client_id and client_secret.</source>
        <translation>Échec de l’authentification du client&#xa0;: envoyez client_id et client_secret.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="141"/>
        <source>Send an API key in X-API-Key or an access token in Authorization: Bearer.</source>
        <translation>Envoyez une clé d’API dans X-API-Key ou un jeton d’accès dans Authorization: Bearer.</translation>
    </message>
</context>
<context>
    <name>AuthThrottle</name>
    <message>
        <location filename="../src/service/AuthThrottle.cpp" line="41"/>
        <source>Too many requests; retry in %1 second.</source>
        <translation>Trop de requêtes&#xa0;; réessayez dans %1 seconde.</translation>
    </message>
    <message>
        <location filename="../src/service/AuthThrottle.cpp" line="42"/>
        <source>Too many requests; retry in %1 seconds.</source>
        <translation>Trop de requêtes&#xa0;; réessayez dans %1 secondes.</translation>
    </message>
</context>
<context>
    <name>ChangeKeyStatus</name>
    <message>
        <location filename="../src/usecases/ChangeKeyStatus.cpp" line="18"/>
        <source>A key can be activated or deactivated.</source>
        <translation>Une clé peut seulement être activée ou désactivée.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ChangeKeyStatus.cpp" line="20"/>
        <source>Not connected to the service of “%1”: nothing was changed.</source>
        <translation>Pas de connexion au service de «&#xa0;%1&#xa0;»&#xa0;: rien n’a été modifié.</translation>
    </message>
</context>
<context>
    <name>CliOutput</name>
    <message>
        <location filename="../src/cli/CliOutput.cpp" line="56"/>
        <source>Unexpected argument “%1”.</source>
        <translation>Argument inattendu «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>CliSession</name>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="64"/>
        <source>There is no connection “%1” (see keydesk-cli connections).</source>
        <translation>Il n’existe aucune connexion «&#xa0;%1&#xa0;» (voir keydesk-cli connections).</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="90"/>
        <source>No credential has the key id or name “%1”.</source>
        <translation>Aucun identifiant n’a l’ID de clé ou le nom «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="96"/>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="99"/>
        <source>“%1” names several credentials: %2. Add --connection, write CONNECTION/%1, or use the key id.</source>
        <translation>«&#xa0;%1&#xa0;» désigne plusieurs identifiants&#xa0;: %2. Ajoutez --connection, écrivez CONNEXION/%1, ou utilisez l’identifiant de clé.</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="150"/>
        <source>Done, but this computer&apos;s copy of the keys could not be brought up to date (%1); the next command that reaches the service tries again.</source>
        <translation>C’est fait, mais la copie des clés sur cet ordinateur n’a pas pu être mise à jour (%1)&#xa0;; la prochaine commande qui joint le service réessaiera.</translation>
    </message>
</context>
<context>
    <name>ClientAssertion</name>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="60"/>
        <source>The private key could not be written.</source>
        <translation>La clé privée n’a pas pu être écrite.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="83"/>
        <source>The private key could not be decrypted: is the passphrase right?</source>
        <translation>La clé privée n’a pas pu être déchiffrée&#xa0;: la phrase secrète est-elle correcte&#xa0;?</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="86"/>
        <source>This is not a PEM private key (PKCS#8 or a traditional RSA or EC key).</source>
        <translation>Ce n’est pas une clé privée PEM (PKCS#8 ou clé RSA ou EC traditionnelle).</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="93"/>
        <source>RSA keys need at least 2048 bits for RS256.</source>
        <translation>Les clés RSA doivent avoir au moins 2048 bits pour RS256.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="97"/>
        <source>RSA keys of more than 8192 bits are not supported.</source>
        <translation>Les clés RSA de plus de 8192 bits ne sont pas prises en charge.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="104"/>
        <source>EC keys must be on the P-256 curve for ES256.</source>
        <translation>Les clés EC doivent être sur la courbe P-256 pour ES256.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="106"/>
        <source>Only RSA (RS256) and P-256 EC (ES256) keys are supported.</source>
        <translation>Seules les clés RSA (RS256) et EC P-256 (ES256) sont prises en charge.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="148"/>
        <source>OpenSSL could not generate a key pair.</source>
        <translation>OpenSSL n’a pas pu générer de paire de clés.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="190"/>
        <source>The public key could not be written.</source>
        <translation>La clé publique n’a pas pu être écrite.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="226"/>
        <source>OpenSSL could not produce random bytes.</source>
        <translation>OpenSSL n’a pas pu produire d’octets aléatoires.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="246"/>
        <location filename="../src/net/ClientAssertion.cpp" line="250"/>
        <location filename="../src/net/ClientAssertion.cpp" line="257"/>
        <source>The client assertion could not be signed.</source>
        <translation>L’assertion client n’a pas pu être signée.</translation>
    </message>
</context>
<context>
    <name>ClientKey</name>
    <message>
        <location filename="../src/usecases/ClientKey.cpp" line="15"/>
        <source>That is too long for a private key.</source>
        <translation>C’est trop long pour une clé privée.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ClientKey.cpp" line="19"/>
        <source>Paste the private key or load it from a file.</source>
        <translation>Collez la clé privée ou chargez-la depuis un fichier.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ClientKey.cpp" line="48"/>
        <source>%1 authenticates with a secret, not a key pair.</source>
        <translation>%1 s’authentifie avec un secret, pas avec une paire de clés.</translation>
    </message>
</context>
<context>
    <name>ConnectService</name>
    <message>
        <location filename="../src/usecases/ConnectService.cpp" line="22"/>
        <source>Enter the service&apos;s address, for example https://keys.example.org.</source>
        <translation>Saisissez l’adresse du service, par exemple https://keys.example.org.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ConnectService.cpp" line="36"/>
        <source>Enter your token for the service (keydesk-server init or users add printed it).</source>
        <translation>Saisissez votre jeton pour le service (affiché par keydesk-server init ou users add).</translation>
    </message>
    <message>
        <location filename="../src/usecases/ConnectService.cpp" line="108"/>
        <source>The token could not be kept in the OS keychain: %1</source>
        <translation>Le jeton n’a pas pu être conservé dans le trousseau du système&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ConnectServiceDialog</name>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="6"/>
        <source>Connect to a KeyDesk service</source>
        <translation>Se connecter à un service KeyDesk</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="9"/>
        <source>Work on a team&apos;s keydesk-server next to your local keys. Paste the personal token its owner gave you (keydesk-server users add prints it); what you may do there follows its role. The token is kept in the OS keychain, never in settings.</source>
        <translation>Travaillez sur le keydesk-server d’une équipe à côté de vos clés locales. Collez le jeton personnel que son propriétaire vous a remis (keydesk-server users add l’affiche)&#xa0;; ce que vous pouvez y faire dépend de son rôle. Le jeton est conservé dans le trousseau du système, jamais dans les réglages.</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="12"/>
        <source>Service &amp;URL</source>
        <translation>&amp;URL du service</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="13"/>
        <source>https://keys.example.org</source>
        <translation>https://keys.example.org</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="14"/>
        <source>&amp;Personal token</source>
        <translation>Jeton &amp;personnel</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="15"/>
        <source>kda_…</source>
        <translation>kda_…</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="16"/>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="17"/>
        <source>What KeyDesk calls this connection here and in keydesk-cli; empty: the service&apos;s host</source>
        <translation>Le nom que KeyDesk donne à cette connexion ici et dans keydesk-cli&#xa0;; vide&#xa0;: l’hôte du service</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectServiceDialog.cpp" line="18"/>
        <source>C&amp;onnect</source>
        <translation>Se &amp;connecter</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <location filename="../src/core/Connection.cpp" line="29"/>
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../src/core/Connection.cpp" line="38"/>
        <source>Enter a name for the connection.</source>
        <translation>Saisissez un nom pour la connexion.</translation>
    </message>
    <message>
        <location filename="../src/core/Connection.cpp" line="42"/>
        <source>A connection name has at most 64 characters.</source>
        <translation>Un nom de connexion compte au plus 64 caractères.</translation>
    </message>
    <message>
        <location filename="../src/core/Connection.cpp" line="46"/>
        <source>A connection name cannot contain control or invisible formatting characters.</source>
        <translation>Un nom de connexion ne peut contenir ni caractères de contrôle ni caractères de mise en forme invisibles.</translation>
    </message>
</context>
<context>
    <name>ConnectionCommands</name>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="49"/>
        <source>keydesk, oauth2 or apikey</source>
        <translation>keydesk, oauth2 ou apikey</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="50"/>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="52"/>
        <source>Connection name</source>
        <translation>Nom de la connexion</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="53"/>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="56"/>
        <source>Service URL (keydesk) or token URL (oauth2)</source>
        <translation>URL du service (keydesk) ou URL du jeton (oauth2)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="57"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="64"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="94"/>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="60"/>
        <source>OAuth2 issuer URL: the token URL and client authentication are read from its metadata (RFC 8414 or OpenID Connect Discovery)</source>
        <translation>URL de l’émetteur OAuth2&#xa0;: l’URL du jeton et l’authentification du client sont lues dans ses métadonnées (RFC 8414 ou OpenID Connect Discovery)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="67"/>
        <source>Client authentication: basic (RFC 6749: id and secret form-encoded), basic-raw (as curl -u), post, json or private_key_jwt (a signed assertion, RFC 7523)</source>
        <translation>Authentification du client&#xa0;: basic (RFC 6749&#xa0;: identifiant et secret encodés en formulaire), basic-raw (comme curl -u), post, json ou private_key_jwt (une assertion signée, RFC 7523)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="71"/>
        <source>auth</source>
        <translation>auth</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="74"/>
        <source>The token request&apos;s body with basic or basic-raw: form or json</source>
        <translation>Corps de la requête de jeton avec basic ou basic-raw&#xa0;: form ou json</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="76"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="105"/>
        <source>format</source>
        <translation>format</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="79"/>
        <source>Extra request header &apos;Name: value&apos; (repeatable)</source>
        <translation>En-tête supplémentaire &apos;Nom: valeur&apos; (répétable)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="80"/>
        <source>header</source>
        <translation>en-tête</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="82"/>
        <source>OAuth2 scope</source>
        <translation>Portée OAuth2</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="83"/>
        <source>scope</source>
        <translation>portée</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="85"/>
        <source>OAuth2 audience</source>
        <translation>Audience OAuth2</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="86"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="91"/>
        <source>audience</source>
        <translation>audience</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="89"/>
        <source>private_key_jwt: the assertion&apos;s aud (default: the token URL)</source>
        <translation>private_key_jwt&#xa0;: l’aud de l’assertion (par défaut&#xa0;: l’URL du jeton)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="93"/>
        <source>URL for test calls</source>
        <translation>URL des appels de test</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="96"/>
        <source>x-api-key or bearer</source>
        <translation>x-api-key ou bearer</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="97"/>
        <source>style</source>
        <translation>style</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="101"/>
        <source>Expected status of a test call</source>
        <translation>Statut attendu d’un appel de test</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="102"/>
        <source>status</source>
        <translation>statut</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="104"/>
        <source>show: text or json</source>
        <translation>show&#xa0;: text ou json</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="119"/>
        <source>List, show, add, change or remove the connections to services and vendors.</source>
        <translation>Lister, afficher, ajouter, modifier ou supprimer les connexions aux services et fournisseurs.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="122"/>
        <source>list (default), show &lt;name&gt;, add, set &lt;name&gt; or remove &lt;name&gt;</source>
        <translation>list (par défaut), show &lt;nom&gt;, add, set &lt;nom&gt; ou remove &lt;nom&gt;</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="136"/>
        <source>Name the connection: keydesk-cli connections %1 &lt;name&gt;.</source>
        <translation>Indiquez la connexion&#xa0;: keydesk-cli connections %1 &lt;nom&gt;.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="147"/>
        <source>connections takes list, show, add, set or remove.</source>
        <translation>connections attend list, show, add, set ou remove.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="156"/>
        <source>embedded</source>
        <translation>intégré</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="170"/>
        <source>--format must be text or json.</source>
        <translation>--format doit valoir text ou json.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="240"/>
        <source>--body is for --auth basic or basic-raw; with post the body is a form, with json it is JSON.</source>
        <translation>--body est pour --auth basic ou basic-raw&#xa0;; avec post le corps est un formulaire, avec json il est en JSON.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="259"/>
        <source>Renamed connection %1 to %2.</source>
        <translation>Connexion %1 renommée en %2.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="277"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="332"/>
        <source>--auth must be basic, basic-raw, post, json or private_key_jwt.</source>
        <translation>--auth doit valoir basic, basic-raw, post, json ou private_key_jwt.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="287"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="356"/>
        <source>--body must be form or json.</source>
        <translation>--body doit valoir form ou json.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="318"/>
        <source>Updated connection %1.</source>
        <translation>Connexion %1 mise à jour.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="326"/>
        <source>--type must be keydesk, oauth2 or apikey.</source>
        <translation>--type doit valoir keydesk, oauth2 ou apikey.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="338"/>
        <source>Give --url or --issuer, not both.</source>
        <translation>Indiquez --url ou --issuer, pas les deux.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="342"/>
        <source>An apikey connection has no token endpoint: give its --test-url, not --url or --issuer.</source>
        <translation>Une connexion apikey n’a pas de point de terminaison de jeton&#xa0;: indiquez son --test-url, pas --url ni --issuer.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="347"/>
        <source>--url must be a full URL such as https://api.example.com/oauth/token.</source>
        <translation>--url doit être une URL complète comme https://api.example.com/oauth/token.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="373"/>
        <source>--expect must be an HTTP status such as 204.</source>
        <translation>--expect doit être un statut HTTP comme 204.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="387"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="405"/>
        <source>Added connection %1 (%2).</source>
        <translation>Connexion %1 (%2) ajoutée.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="396"/>
        <source>Your token for the service (input hidden):</source>
        <translation>Votre jeton pour le service (saisie masquée)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="398"/>
        <source>Give your token for the service on standard input.</source>
        <translation>Fournissez votre jeton pour le service sur l’entrée standard.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="422"/>
        <source>Metadata: %1</source>
        <translation>Métadonnées&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="423"/>
        <source>Token endpoint: %1</source>
        <translation>Point de terminaison du jeton&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="425"/>
        <source>Client authentication: %1</source>
        <translation>Authentification du client&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="427"/>
        <source>Scopes offered: %1</source>
        <translation>Portées proposées&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>ConnectionsPane</name>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="33"/>
        <source>Rename Connection…</source>
        <translation>Renommer la connexion…</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="35"/>
        <source>Remove Connection…</source>
        <translation>Supprimer la connexion…</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="47"/>
        <source>Remove connection</source>
        <translation>Supprimer la connexion</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="50"/>
        <source>Remove “%2” and its %1 credential from this computer, with the secret in the OS keychain? Nothing changes at the service or the vendor.</source>
        <translation>Supprimer «&#xa0;%2&#xa0;» et son identifiant (%1) de cet ordinateur, ainsi que son secret dans le trousseau du système&#xa0;? Rien ne change auprès du service ou du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="54"/>
        <source>Remove “%2” and its %1 credentials from this computer, with their secrets in the OS keychain? Nothing changes at the service or the vendor.</source>
        <translation>Supprimer «&#xa0;%2&#xa0;» et ses %1 identifiants de cet ordinateur, ainsi que leurs secrets dans le trousseau du système&#xa0;? Rien ne change auprès du service ou du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="58"/>
        <source>&amp;Remove Connection</source>
        <translation>&amp;Retirer la connexion</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="68"/>
        <source>Rename connection</source>
        <translation>Renommer la connexion</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="69"/>
        <source>New name of “%1”:</source>
        <translation>Nouveau nom de «&#xa0;%1&#xa0;»&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="74"/>
        <source>“%1” is now called “%2”.</source>
        <translation>«&#xa0;%1&#xa0;» s’appelle désormais «&#xa0;%2&#xa0;».</translation>
    </message>
</context>
<context>
    <name>CopyFeedback</name>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="9"/>
        <source>Clipboard</source>
        <translation>Presse-papiers</translation>
    </message>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="19"/>
        <source>%1 copied.</source>
        <translation>%1 copié.</translation>
    </message>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="35"/>
        <source>%1 copied. The clipboard clears in %2 s.</source>
        <translation>%1 copié. Le presse-papiers sera vidé dans %2&#xa0;s.</translation>
    </message>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="39"/>
        <source>The clipboard was cleared.</source>
        <translation>Le presse-papiers a été vidé.</translation>
    </message>
</context>
<context>
    <name>CreateKey</name>
    <message>
        <location filename="../src/usecases/CreateKey.cpp" line="17"/>
        <source>A key expires in 7, 30, 90, 180 or 365 days, or never.</source>
        <translation>Une clé expire dans 7, 30, 90, 180 ou 365 jours, ou jamais.</translation>
    </message>
</context>
<context>
    <name>CredentialJson</name>
    <message>
        <location filename="../src/core/CredentialJson.cpp" line="19"/>
        <source>The service sent a key in an unexpected form.</source>
        <translation>Le service a envoyé une clé sous une forme inattendue.</translation>
    </message>
</context>
<context>
    <name>CredentialTarget</name>
    <message>
        <location filename="../src/usecases/CredentialTarget.cpp" line="31"/>
        <source>KeyDesk is not connected to the service “%1” right now; refresh when it is reachable.</source>
        <translation>KeyDesk n’est pas connecté au service «&#xa0;%1&#xa0;» pour le moment&#xa0;; actualisez quand il sera joignable.</translation>
    </message>
    <message>
        <location filename="../src/usecases/CredentialTarget.cpp" line="18"/>
        <source>The connection of “%1” is gone.</source>
        <translation>La connexion de «&#xa0;%1&#xa0;» n’existe plus.</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="58"/>
        <source>The PostgreSQL URL&apos;s hosts are not valid; expected host:port, or several as host1:port1,host2:port2.</source>
        <translation>Les hôtes de l’URL PostgreSQL ne sont pas valides&#xa0;; format attendu&#xa0;: hôte:port, ou plusieurs sous la forme hôte1:port1,hôte2:port2.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="113"/>
        <source>No database was given (--database).</source>
        <translation>Aucune base de données n’a été indiquée (--database).</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="140"/>
        <source>The PostgreSQL URL is not valid; expected postgresql://user:password@host:port/database (percent-encode special characters).</source>
        <translation>L’URL PostgreSQL n’est pas valide&#xa0;; format attendu&#xa0;: postgresql://utilisateur:mot_de_passe@hôte:port/base (encodez les caractères spéciaux en pourcentage).</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="165"/>
        <source>Give %1 in the URL itself, not as ?%1=.</source>
        <translation>Indiquez %1 dans l’URL elle-même, pas sous la forme&#xa0;?%1=.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="169"/>
        <source>The PostgreSQL URL has an unknown parameter “%1”.</source>
        <translation>L’URL PostgreSQL contient le paramètre inconnu «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="175"/>
        <source>The PostgreSQL parameter %1 cannot contain “;”.</source>
        <translation>Le paramètre PostgreSQL %1 ne peut pas contenir «&#xa0;;&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="223"/>
        <source>The database password in --database can be read by every user in the process list; use --database-password-file, PGPASSWORD or ~/.pgpass.</source>
        <translation>Le mot de passe de la base dans --database est lisible par tout utilisateur dans la liste des processus&#xa0;; utilisez --database-password-file, PGPASSWORD ou ~/.pgpass.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="229"/>
        <source>The connection to PostgreSQL at %1 does not check the server&apos;s certificate: whoever can reach the network path can read or change the keys and the signing keys. Add ?sslmode=verify-full&amp;sslrootcert=&lt;the CA&apos;s file&gt; to --database.</source>
        <translation>La connexion à PostgreSQL sur %1 ne vérifie pas le certificat du serveur&#xa0;: quiconque accède au chemin réseau peut lire ou modifier les clés et les clés de signature. Ajoutez ?sslmode=verify-full&amp;sslrootcert=&lt;fichier de l’autorité&gt; à --database.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="276"/>
        <source>Cannot read the password file %1.</source>
        <translation>Impossible de lire le fichier de mot de passe %1.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="279"/>
        <source>The password file %1 can be read by other users; run chmod 600 %1 first.</source>
        <translation>Le fichier de mot de passe %1 est lisible par d’autres utilisateurs&#xa0;; exécutez d’abord chmod 600 %1.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="290"/>
        <source>The password file %1 is empty.</source>
        <translation>Le fichier de mot de passe %1 est vide.</translation>
    </message>
</context>
<context>
    <name>DeleteCredential</name>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="74"/>
        <source>Not connected to “%1”: nothing was deleted.</source>
        <translation>Pas de connexion à «&#xa0;%1&#xa0;»&#xa0;: rien n’a été supprimé.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="21"/>
        <source>the keychain is locked</source>
        <translation>le trousseau est verrouillé</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="23"/>
        <source>no keychain could be reached</source>
        <translation>aucun trousseau n’a pu être joint</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="25"/>
        <source>the keychain refused</source>
        <translation>le trousseau a refusé</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="27"/>
        <source>the keychain did not answer in time</source>
        <translation>le trousseau n’a pas répondu à temps</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="94"/>
        <source>This computer still lists it until the next refresh (%1).</source>
        <translation>Cet ordinateur la liste encore jusqu’à la prochaine actualisation (%1).</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="102"/>
        <source>“%1” (%2) is deleted: the service refuses it from now on.</source>
        <translation>«&#xa0;%1&#xa0;» (%2) est supprimée&#xa0;: le service la refuse désormais.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="107"/>
        <source>Its secret was never kept on this computer.</source>
        <translation>Son secret n’a jamais été conservé sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="112"/>
        <source>Its secret is gone from this computer&apos;s keychain.</source>
        <translation>Son secret a disparu du trousseau de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="117"/>
        <source>Whether the OS keychain still holds a copy of its secret is not known: %1. If it does (service “keydesk”, account “%2”), remove it there with your keychain manager.</source>
        <translation>On ne sait pas si le trousseau du système contient encore une copie de son secret&#xa0;: %1. Si c’est le cas (service «&#xa0;keydesk&#xa0;», compte «&#xa0;%2&#xa0;»), supprimez-la avec votre gestionnaire de trousseau.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="136"/>
        <source>Nothing was deleted: the OS keychain did not remove the secret of “%1”. %2</source>
        <translation>Rien n’a été supprimé&#xa0;: le trousseau du système n’a pas retiré le secret de «&#xa0;%1&#xa0;». %2</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="142"/>
        <source>The secret of “%1” is gone from the keychain, but the inventory still lists it: %2</source>
        <translation>Le secret de «&#xa0;%1&#xa0;» a été retiré du trousseau, mais l’inventaire le répertorie encore&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="147"/>
        <source>“%1” (%2) and its secret are deleted from this computer. The vendor still knows it: revoke it in the vendor&apos;s dashboard too.</source>
        <translation>«&#xa0;%1&#xa0;» (%2) et son secret ont été supprimés de cet ordinateur. Le fournisseur connaît toujours cet identifiant&#xa0;: révoquez-le aussi dans le tableau de bord du fournisseur.</translation>
    </message>
</context>
<context>
    <name>DialogActions</name>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="48"/>
        <source>No connected service has a project you may add keys to; an admin creates one first (Keys → New Project).</source>
        <translation>Aucun service connecté n’a de projet auquel vous pouvez ajouter des clés&#xa0;; un administrateur en crée d’abord un (Clés → Nouveau projet).</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="84"/>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="92"/>
        <source>Connected to %1: its keys are listed with the others.</source>
        <translation>Connecté à %1&#xa0;: ses clés sont listées avec les autres.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="106"/>
        <source>Credential added; its secret is in the OS keychain.</source>
        <translation>Identifiant ajouté&#xa0;; son secret est dans le trousseau du système.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="108"/>
        <source>Credential added; its private key is in the OS keychain. Give the vendor its public key.</source>
        <translation>Identifiant ajouté&#xa0;; sa clé privée est dans le trousseau du système. Donnez sa clé publique au fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="126"/>
        <source>“%1” is saved.</source>
        <translation>«&#xa0;%1&#xa0;» est enregistré.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="185"/>
        <source>Exported %1 key to %2.</source>
        <translation>%1 clé exportée vers %2.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="186"/>
        <source>Exported %1 keys to %2.</source>
        <translation>%1 clés exportées vers %2.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="192"/>
        <source>%1 key never expires and is not in the calendar.</source>
        <translation>%1&#xa0;clé n’expire jamais et n’est pas dans le calendrier.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="193"/>
        <source>%1 keys never expire and are not in the calendar.</source>
        <translation>%1&#xa0;clés n’expirent jamais et ne sont pas dans le calendrier.</translation>
    </message>
</context>
<context>
    <name>EditProvider</name>
    <message>
        <location filename="../src/usecases/EditProvider.cpp" line="14"/>
        <source>A KeyDesk service has no provider settings to edit.</source>
        <translation>Un service KeyDesk n’a pas de paramètres de fournisseur à modifier.</translation>
    </message>
</context>
<context>
    <name>EditProviderCredential</name>
    <message>
        <location filename="../src/usecases/EditProviderCredential.cpp" line="23"/>
        <source>A private key JWT credential needs a key: generate or load one.</source>
        <translation>Un identifiant JWT à clé privée a besoin d’une clé&#xa0;: générez-en une ou chargez-la.</translation>
    </message>
    <message>
        <location filename="../src/usecases/EditProviderCredential.cpp" line="24"/>
        <source>Paste the secret this client authentication sends.</source>
        <translation>Collez le secret qu’envoie cette authentification du client.</translation>
    </message>
</context>
<context>
    <name>EmptyInventoryAdvice</name>
    <message>
        <location filename="../src/gui/EmptyInventoryAdvice.cpp" line="23"/>
        <source>No keys yet. Generate your first key, add a credential a vendor gave you, or connect to your team&apos;s KeyDesk service.</source>
        <translation>Aucune clé pour l’instant. Générez votre première clé, ajoutez un identifiant fourni par un fournisseur, ou connectez-vous au service KeyDesk de votre équipe.</translation>
    </message>
    <message>
        <location filename="../src/gui/EmptyInventoryAdvice.cpp" line="28"/>
        <source>Nothing from %1 yet: it has not been reached. Refresh (F5) when it is back.</source>
        <translation>Rien de %1 pour l’instant&#xa0;: le service n’a pas été joint. Actualisez (F5) dès qu’il est de retour.</translation>
    </message>
    <message>
        <location filename="../src/gui/EmptyInventoryAdvice.cpp" line="34"/>
        <source>No keys match the search and filters.</source>
        <translation>Aucune clé ne correspond à la recherche et aux filtres.</translation>
    </message>
</context>
<context>
    <name>EventRoutes</name>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="21"/>
        <source>The parameter %1 must be %2.</source>
        <translation>Le paramètre %1 doit être %2.</translation>
    </message>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="33"/>
        <source>an RFC 3339 time</source>
        <translation>une heure au format RFC 3339</translation>
    </message>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="39"/>
        <source>a number from 1 to %1</source>
        <translation>un nombre de 1 à %1</translation>
    </message>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="45"/>
        <source>a positive number</source>
        <translation>un nombre positif</translation>
    </message>
</context>
<context>
    <name>ExpiryOption</name>
    <message>
        <location filename="../src/core/ExpiryOption.cpp" line="44"/>
        <source>No expiry</source>
        <translation>Sans expiration</translation>
    </message>
    <message>
        <location filename="../src/core/ExpiryOption.cpp" line="45"/>
        <source>%1 day</source>
        <translation>%1 jour</translation>
    </message>
    <message>
        <location filename="../src/core/ExpiryOption.cpp" line="46"/>
        <source>%1 days</source>
        <translation>%1 jours</translation>
    </message>
</context>
<context>
    <name>ExpiryReminder</name>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="37"/>
        <source>API keys need attention</source>
        <translation>Des clés d’API requièrent votre attention</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="39"/>
        <source>%1 key expires soon</source>
        <translation>%1 clé expire bientôt</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="40"/>
        <source>%1 keys expire soon</source>
        <translation>%1 clés expirent bientôt</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="43"/>
        <source>%1 has expired.</source>
        <translation>%1 a expiré.</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="44"/>
        <source>%1 have expired.</source>
        <translation>%1 ont expiré.</translation>
    </message>
</context>
<context>
    <name>ExportInventory</name>
    <message>
        <location filename="../src/usecases/ExportInventory.cpp" line="40"/>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>GenerateKeyDialog</name>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="6"/>
        <source>Generate API Key</source>
        <translation>Générer une clé d’API</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="12"/>
        <source>&amp;Project</source>
        <translation>&amp;Projet</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="14"/>
        <source>&amp;Key name</source>
        <translation>&amp;Nom de la clé</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="18"/>
        <source>e.g. CI deploy key</source>
        <translation>p. ex. clé de déploiement CI</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="19"/>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="148"/>
        <source>Starts with a letter; letters, digits, spaces, - _ . (up to 64).</source>
        <translation>Commence par une lettre&#xa0;; lettres, chiffres, espaces, - _ . (64 au plus).</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="22"/>
        <source>&amp;Description</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="23"/>
        <source>What will use this key?</source>
        <translation>Qui utilisera cette clé&#xa0;?</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="24"/>
        <source>E&amp;xpire in</source>
        <translation>E&amp;xpire dans</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="52"/>
        <source>&amp;Generate</source>
        <translation>&amp;Générer</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="81"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="83"/>
        <source>The service and project the key belongs to; the project&apos;s id is shown with the secret.</source>
        <translation>Le service et le projet auxquels appartient la clé&#xa0;; l’identifiant du projet est affiché avec le secret.</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="107"/>
        <source>%1 of %2 keys used in “%3”</source>
        <translation>%1 clés sur %2 utilisées dans «&#xa0;%3&#xa0;»</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="110"/>
        <source>%1 of %2 keys used in “%3”: delete a key you no longer need first, or pick another project.</source>
        <translation>%1 clés sur %2 utilisées dans «&#xa0;%3&#xa0;»&#xa0;: supprimez d’abord une clé dont vous n’avez plus besoin, ou choisissez un autre projet.</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="154"/>
        <source>✓ Valid name</source>
        <translation>✓ Nom valide</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="163"/>
        <source>expires %1</source>
        <translation>expire le %1</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="164"/>
        <source>never expires</source>
        <translation>n’expire jamais</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="21"/>
        <source>About KeyDesk</source>
        <translation>À propos de KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="28"/>
        <source>KeyDesk %1

Keeps API keys and OAuth2 client credentials: creates, rotates and deactivates keys, gets and tests tokens, and keeps every secret in the OS keychain.

Licence: %6
Qt %2 (built with %3), QtKeychain %7
Data folder: %4
Settings: %5</source>
        <translation>KeyDesk %1

Gère les clés d’API et les identifiants client OAuth2&#xa0;: crée, renouvelle et désactive des clés, obtient et teste des jetons, et garde chaque secret dans le trousseau du système.

Licence&#xa0;: %6
Qt %2 (compilé avec %3), QtKeychain %7
Dossier des données&#xa0;: %4
Réglages&#xa0;: %5</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="56"/>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="59"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="60"/>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="64"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
</context>
<context>
    <name>HttpExchange</name>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="104"/>
        <source>Send the request body as application/json.</source>
        <translation>Envoyez le corps de la requête au format application/json.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="111"/>
        <source>The body is not valid JSON: %1.</source>
        <translation>Le corps n’est pas du JSON valide&#xa0;: %1.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="115"/>
        <source>The body must be a JSON object.</source>
        <translation>Le corps doit être un objet JSON.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="126"/>
        <source>The Basic authorization header is malformed.</source>
        <translation>L’en-tête d’autorisation Basic est mal formé.</translation>
    </message>
</context>
<context>
    <name>HttpServer</name>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="12"/>
        <source>The request is malformed.</source>
        <translation>La requête est mal formée.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="15"/>
        <source>The request was not sent in time.</source>
        <translation>La requête n’a pas été envoyée à temps.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="18"/>
        <source>The request body is larger than the service accepts.</source>
        <translation>Le corps de la requête dépasse ce que le service accepte.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="22"/>
        <source>The request headers are too large.</source>
        <translation>Les en-têtes de la requête sont trop volumineux.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="27"/>
        <source>The request could not be served.</source>
        <translation>La requête n’a pas pu être traitée.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="34"/>
        <source>The service is busy; retry in a second.</source>
        <translation>Le service est occupé&#xa0;; réessayez dans une seconde.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="43"/>
        <source>Too many open connections; retry in a second.</source>
        <translation>Trop de connexions ouvertes&#xa0;; réessayez dans une seconde.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="51"/>
        <source>The request sends the %1 header more than once.</source>
        <translation>La requête envoie l’en-tête %1 plus d’une fois.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="58"/>
        <source>The service hit an unexpected error.</source>
        <translation>Le service a rencontré une erreur inattendue.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="64"/>
        <source>TLS needs both --tls-cert and --tls-key.</source>
        <translation>TLS nécessite à la fois --tls-cert et --tls-key.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="70"/>
        <source>Cannot read the TLS file %1.</source>
        <translation>Impossible de lire le fichier TLS %1.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="76"/>
        <source>The TLS certificate or key could not be loaded (PEM expected, and the key must match the certificate).</source>
        <translation>Le certificat ou la clé TLS n’a pas pu être chargé (format PEM attendu, et la clé doit correspondre au certificat).</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="84"/>
        <source>Could not listen on %1:%2 (address in use, or not an address of this machine).</source>
        <translation>Impossible d’écouter sur %1:%2 (adresse déjà utilisée, ou qui n’est pas une adresse de cette machine).</translation>
    </message>
</context>
<context>
    <name>ImportCredential</name>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="35"/>
        <source>Keys of a KeyDesk service are generated there, not imported.</source>
        <translation>Les clés d’un service KeyDesk sont générées sur celui-ci, pas importées.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="42"/>
        <source>Paste the client ID.</source>
        <translation>Collez l’ID client.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="45"/>
        <source>Paste the secret; it goes to the OS keychain, never to disk.</source>
        <translation>Collez le secret&#xa0;; il est placé dans le trousseau du système, jamais sur le disque.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="73"/>
        <source>A connection named “%1” of another kind exists; choose another name.</source>
        <translation>Une connexion d’un autre type nommée «&#xa0;%1&#xa0;» existe déjà&#xa0;; choisissez un autre nom.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="133"/>
        <source>“%1” authenticates with a secret; give this private key JWT credential a connection of its own.</source>
        <translation>«&#xa0;%1&#xa0;» s’authentifie avec un secret&#xa0;; donnez à cet identifiant JWT à clé privée sa propre connexion.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="136"/>
        <source>“%1” uses a private key JWT; paste no secret there, or give this credential a connection of its own.</source>
        <translation>«&#xa0;%1&#xa0;» utilise un JWT à clé privée&#xa0;; n’y collez pas de secret, ou donnez à cet identifiant sa propre connexion.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="154"/>
        <source>Nothing was saved: the secret could not be kept in the OS keychain. %1</source>
        <translation>Rien n’a été enregistré&#xa0;: le secret n’a pas pu être conservé dans le trousseau du système. %1</translation>
    </message>
</context>
<context>
    <name>ImportCredentialDialog</name>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="6"/>
        <source>Add a Provider Credential</source>
        <translation>Ajouter un identifiant de fournisseur</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="24"/>
        <source>&amp;Kind</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="27"/>
        <source>e.g. Monite sandbox</source>
        <translation>p. ex. bac à sable Monite</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="32"/>
        <source>Token endpoint (OAuth2 client credentials)</source>
        <translation>Point de terminaison du jeton (OAuth2 client credentials)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="34"/>
        <source>&amp;Issuer URL</source>
        <translation>URL de &amp;l’émetteur</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="35"/>
        <source>https://auth.example.com (optional: fills the token URL)</source>
        <translation>https://auth.example.com (facultatif&#xa0;: remplit l’URL du jeton)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="35"/>
        <source>Read the server&apos;s OAuth2 metadata (RFC 8414 or OpenID Connect Discovery): its token URL, how clients authenticate, and the scopes it offers.</source>
        <translation>Lire les métadonnées OAuth2 du serveur (RFC 8414 ou OpenID Connect Discovery)&#xa0;: son URL de jeton, la façon dont les clients s’authentifient et les portées proposées.</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="35"/>
        <source>Disco&amp;ver</source>
        <translation>Déc&amp;ouvrir</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="38"/>
        <source>https://api.example.com/oauth/token</source>
        <translation>https://api.example.com/oauth/token</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="41"/>
        <source>Send the request &amp;body as JSON</source>
        <translation>Envoyer le corps de la re&amp;quête en JSON</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="41"/>
        <source>With HTTP Basic, send {&quot;grant_type&quot;: &quot;client_credentials&quot;} as JSON instead of a form (m3ter&apos;s documentation does).</source>
        <translation>Avec HTTP Basic, envoyer {&quot;grant_type&quot;: &quot;client_credentials&quot;} en JSON plutôt qu’en formulaire (comme la documentation de m3ter).</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="43"/>
        <source>One per line, e.g. X-Monite-Version: 2024-01-31</source>
        <translation>Un par ligne, p. ex. X-Monite-Version: 2024-01-31</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="44"/>
        <source>Sc&amp;ope</source>
        <translation>&amp;Portée</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="59"/>
        <source>Send a&amp;s</source>
        <translation>Envo&amp;yer comme</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="61"/>
        <source>Ex&amp;pected status</source>
        <translation>Stat&amp;ut attendu</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="70"/>
        <source>Na&amp;me</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="72"/>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="195"/>
        <source>C&amp;lient ID</source>
        <translation>ID &amp;client</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="81"/>
        <source>Private ke&amp;y</source>
        <translation>Clé pri&amp;vée</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="86"/>
        <source>Load from &amp;File…</source>
        <translation>Char&amp;ger depuis un fichier…</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="89"/>
        <source>Passphras&amp;e</source>
        <translation>P&amp;hrase secrète</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="46"/>
        <source>Au&amp;dience</source>
        <translation>Au&amp;dience</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="22"/>
        <source>Preset</source>
        <translation>&amp;Modèle</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="26"/>
        <source>Connec&amp;tion</source>
        <translation>Conne&amp;xion</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="37"/>
        <source>Token U&amp;RL</source>
        <translation>URL du &amp;jeton</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="39"/>
        <source>Client aut&amp;hentication</source>
        <translation>Authenti&amp;fication du client</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="42"/>
        <source>E&amp;xtra headers</source>
        <translation>En-têtes supplémenta&amp;ires</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="48"/>
        <source>&amp;Assertion audience</source>
        <translation>Audience de l’a&amp;ssertion</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="49"/>
        <source>The token URL (what most servers expect)</source>
        <translation>L’URL du jeton (ce qu’attendent la plupart des serveurs)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="49"/>
        <source>The aud claim of the signed client assertion, if the vendor asks for another value, such as its issuer URL.</source>
        <translation>La revendication aud de l’assertion client signée, si le fournisseur demande une autre valeur, comme son URL d’émetteur.</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="55"/>
        <source>Test call</source>
        <translation>Appel de test</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="57"/>
        <source>Test &amp;URL</source>
        <translation>U&amp;RL de test</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="58"/>
        <source>https://api.example.com/health</source>
        <translation>https://api.example.com/health</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="68"/>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="202"/>
        <source>Credential (pasted from the vendor&apos;s dashboard)</source>
        <translation>Identifiant (collé depuis le tableau de bord du fournisseur)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="74"/>
        <source>S&amp;ecret</source>
        <translation>&amp;Secret</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="78"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="78"/>
        <source>Show the secret while you check it</source>
        <translation>Afficher le secret le temps de le vérifier</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="78"/>
        <source>Show the secret</source>
        <translation>Afficher le secret</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="85"/>
        <source>Paste a PEM private key (-----BEGIN PRIVATE KEY-----), or load it from a file</source>
        <translation>Collez une clé privée PEM (-----BEGIN PRIVATE KEY-----) ou chargez-la depuis un fichier</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="85"/>
        <source>Private key (PEM)</source>
        <translation>Clé privée (PEM)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="90"/>
        <source>Only for an encrypted key</source>
        <translation>Uniquement pour une clé chiffrée</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="91"/>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="94"/>
        <source>o&amp;n</source>
        <translation>l&amp;e</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="49"/>
        <source>Custom</source>
        <translation>Personnalisé</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="49"/>
        <source>OAuth2, JSON body + version header (Monite style)</source>
        <translation>OAuth2, corps JSON + en-tête de version (style Monite)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="50"/>
        <source>OAuth2, HTTP Basic as curl -u + JSON body (m3ter style)</source>
        <translation>OAuth2, HTTP Basic comme curl -u + corps JSON (style m3ter)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="58"/>
        <source>RFC 6749 form-encodes the id and secret before Basic encodes them; curl -u and some vendors do not. They differ only for ids or secrets with characters such as + / = % &amp;.</source>
        <translation>La RFC 6749 encode l’identifiant et le secret comme un formulaire avant l’encodage Basic&#xa0;; curl -u et certains fournisseurs ne le font pas. La différence ne compte que pour des identifiants ou secrets contenant + / = % &amp;.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="51"/>
        <source>API key, X-API-Key health check (Equipme style)</source>
        <translation>Clé d’API, contrôle de santé X-API-Key (style Equipme)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="44"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="52"/>
        <source>OAuth2 client credentials</source>
        <translation>OAuth2 client credentials</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="53"/>
        <source>API key</source>
        <translation>Clé d’API</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="66"/>
        <source>Generate a new key pair here (ES256)</source>
        <translation>Générer ici une nouvelle paire de clés (ES256)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="68"/>
        <source>Generate a new key pair here (RS256)</source>
        <translation>Générer ici une nouvelle paire de clés (RS256)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="70"/>
        <source>Use an existing private key (PEM)</source>
        <translation>Utiliser une clé privée existante (PEM)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="72"/>
        <source>A key made here never leaves the OS keychain: you give the vendor its public key.</source>
        <translation>Une clé générée ici ne quitte jamais le trousseau du système&#xa0;: vous donnez sa clé publique au fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="123"/>
        <source>Edit Provider Credential</source>
        <translation>Modifier l’identifiant de fournisseur</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="134"/>
        <source>Leave empty to keep the current secret</source>
        <translation>Laisser vide pour conserver le secret actuel</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="135"/>
        <source>Keep the current key</source>
        <translation>Conserver la clé actuelle</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="195"/>
        <source>Key &amp;ID (optional)</source>
        <translation>&amp;ID de la clé (facultatif)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="201"/>
        <source>Credential (the client ID from the vendor&apos;s dashboard)</source>
        <translation>Identifiant (l’ID client du tableau de bord du fournisseur)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="227"/>
        <source>A pasted private key (not shown). Paste again to replace it.</source>
        <translation>Une clé privée collée (non affichée). Collez-en une autre pour la remplacer.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="232"/>
        <source>Load a Private Key</source>
        <translation>Charger une clé privée</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="233"/>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>Clés PEM (*.pem *.key);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="238"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="244"/>
        <source>Loaded from %1 (not shown). Paste a key here to use that one instead.</source>
        <translation>Chargée depuis %1 (non affichée). Collez une clé ici pour utiliser celle-ci à la place.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="263"/>
        <source>This private key is encrypted: enter its passphrase.</source>
        <translation>Cette clé privée est chiffrée&#xa0;: saisissez sa phrase secrète.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="315"/>
        <source>Give the connection a name, for example the vendor&apos;s.</source>
        <translation>Donnez un nom à la connexion, par exemple celui du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="317"/>
        <source>Enter the token URL (or an issuer URL, then Discover).</source>
        <translation>Saisissez l’URL de jeton (ou une URL d’émetteur, puis Découvrir).</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="319"/>
        <source>An API-key credential needs a test URL, such as the vendor&apos;s health endpoint.</source>
        <translation>Une clé d’API a besoin d’une URL de test, comme le point de contrôle de santé du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="321"/>
        <source>Paste the client ID.</source>
        <translation>Collez l’identifiant client.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="323"/>
        <source>Paste the secret; it goes to the OS keychain, never to disk.</source>
        <translation>Collez le secret&#xa0;; il va dans le trousseau du système, jamais sur le disque.</translation>
    </message>
</context>
<context>
    <name>InventoryCountLabel</name>
    <message>
        <location filename="../src/gui/InventoryCountLabel.cpp" line="15"/>
        <source>Counting keys… %1 so far</source>
        <translation>Comptage des clés… %1 pour l’instant</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryCountLabel.cpp" line="17"/>
        <source>%1 key</source>
        <translation>%1 clé</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryCountLabel.cpp" line="17"/>
        <source>%1 keys</source>
        <translation>%1 clés</translation>
    </message>
</context>
<context>
    <name>InventoryPane</name>
    <message>
        <location filename="../src/gui/InventoryPane.cpp" line="33"/>
        <source>Show &amp;All Keys</source>
        <translation>&amp;Afficher toutes les clés</translation>
    </message>
</context>
<context>
    <name>InventoryStore</name>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="69"/>
        <location filename="../src/storage/InventoryFile.cpp" line="108"/>
        <source>open the inventory %1</source>
        <translation>ouvrir l’inventaire %1</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="75"/>
        <source>Could not create the folder %1 for the inventory.</source>
        <translation>Impossible de créer le dossier %1 pour l’inventaire.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="80"/>
        <source>%1 is not a KeyDesk inventory (it is damaged or another kind of file). It was left untouched.</source>
        <translation>%1 n’est pas un inventaire KeyDesk (le fichier est endommagé ou d’un autre type). Il a été laissé intact.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="119"/>
        <source>%1 was written by a newer KeyDesk (schema %2; this version knows up to %3). Update KeyDesk to open it; the file was left untouched.</source>
        <translation>%1 a été écrit par une version plus récente de KeyDesk (schéma %2&#xa0;; cette version connaît jusqu’au %3). Mettez KeyDesk à jour pour l’ouvrir&#xa0;; le fichier a été laissé intact.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="131"/>
        <source>Could not switch the inventory to write-ahead logging (is the folder read-only?).</source>
        <translation>Impossible de passer l’inventaire en journalisation anticipée (le dossier est-il en lecture seule&#xa0;?).</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="144"/>
        <source>upgrade the inventory %1</source>
        <translation>mettre à niveau l’inventaire %1</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="65"/>
        <source>add the connection “%1”</source>
        <translation>ajouter la connexion «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="57"/>
        <source>A connection named “%1” already exists.</source>
        <translation>Une connexion nommée «&#xa0;%1&#xa0;» existe déjà.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="96"/>
        <source>read the connections</source>
        <translation>lire les connexions</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="113"/>
        <location filename="../src/storage/InventoryStore.cpp" line="139"/>
        <location filename="../src/storage/InventoryStore.cpp" line="157"/>
        <source>The connection no longer exists.</source>
        <translation>La connexion n’existe plus.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="123"/>
        <location filename="../src/storage/InventoryStore.cpp" line="136"/>
        <source>update the connection</source>
        <translation>mettre à jour la connexion</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="153"/>
        <source>rename the connection</source>
        <translation>renommer la connexion</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="168"/>
        <source>remove the connection</source>
        <translation>supprimer la connexion</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="201"/>
        <source>save the key “%1”</source>
        <translation>enregistrer la clé «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="220"/>
        <source>save the keys</source>
        <translation>enregistrer les clés</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="234"/>
        <source>update the inventory</source>
        <translation>mettre à jour l’inventaire</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="277"/>
        <source>link the rotated keys</source>
        <translation>relier les clés renouvelées</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="281"/>
        <source>The new key is not in the inventory yet.</source>
        <translation>La nouvelle clé n’est pas encore dans l’inventaire.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="288"/>
        <source>read the rotation links</source>
        <translation>lire les liens de rotation</translation>
    </message>
    <message>
        <location filename="../src/storage/ShownReminders.cpp" line="17"/>
        <source>read the reminders</source>
        <translation>lire les rappels</translation>
    </message>
    <message>
        <location filename="../src/storage/ShownReminders.cpp" line="26"/>
        <source>remember the reminders</source>
        <translation>mémoriser les rappels</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="337"/>
        <source>record the test result</source>
        <translation>enregistrer le résultat du test</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="348"/>
        <source>remove the key</source>
        <translation>supprimer la clé</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryIdReader.cpp" line="63"/>
        <location filename="../src/storage/InventoryIdStream.cpp" line="24"/>
        <location filename="../src/storage/InventoryIdStream.cpp" line="53"/>
        <location filename="../src/storage/InventoryStore.cpp" line="368"/>
        <location filename="../src/storage/InventoryStore.cpp" line="389"/>
        <source>read the inventory</source>
        <translation>lire l’inventaire</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="422"/>
        <source>count the inventory</source>
        <translation>compter les entrées de l’inventaire</translation>
    </message>
    <message>
        <location filename="../src/storage/FoldedContains.cpp" line="102"/>
        <source>Could not set up searching in the inventory (SQLite error %1).</source>
        <translation>Impossible de préparer la recherche dans l’inventaire (erreur SQLite %1).</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryQuerySql.cpp" line="114"/>
        <source>search the inventory</source>
        <translation>rechercher dans l’inventaire</translation>
    </message>
</context>
<context>
    <name>InventoryTableModel</name>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="106"/>
        <source>Expires within a day</source>
        <translation>Expire dans la journée</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="108"/>
        <source>Expires in %1 day</source>
        <translation>Expire dans %1 jour</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="109"/>
        <source>Expires in %1 days</source>
        <translation>Expire dans %1 jours</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="157"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryColumns.cpp" line="36"/>
        <location filename="../src/gui/InventoryTableModel.cpp" line="159"/>
        <source>Never used</source>
        <translation>Jamais utilisée</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="161"/>
        <source>Never tested</source>
        <translation>Jamais testée</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="201"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="203"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="205"/>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="207"/>
        <source>Created by</source>
        <translation>Créé par</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="209"/>
        <source>Key ID</source>
        <translation>ID de clé</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="211"/>
        <source>Secret</source>
        <translation>Secret</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="213"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="215"/>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="217"/>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="219"/>
        <source>Last used</source>
        <translation>Dernière utilisation</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="221"/>
        <source>Last tested</source>
        <translation>Dernier test</translation>
    </message>
</context>
<context>
    <name>InventoryTeam</name>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="27"/>
        <source>save the service&apos;s projects</source>
        <translation>enregistrer les projets du service</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="64"/>
        <source>read the service&apos;s projects</source>
        <translation>lire les projets du service</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="73"/>
        <source>keep the key&apos;s history</source>
        <translation>conserver l’historique de la clé</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="110"/>
        <source>read the key&apos;s history</source>
        <translation>lire l’historique de la clé</translation>
    </message>
</context>
<context>
    <name>IssuerDiscovery</name>
    <message>
        <location filename="../src/gui/IssuerDiscovery.cpp" line="52"/>
        <source>Reading the server&apos;s metadata…</source>
        <translation>Lecture des métadonnées du serveur…</translation>
    </message>
    <message>
        <location filename="../src/gui/IssuerDiscovery.cpp" line="73"/>
        <source>Found at %1.
Client authentication: %2.</source>
        <translation>Trouvé à %1.
Authentification du client&#xa0;: %2.</translation>
    </message>
    <message>
        <location filename="../src/gui/IssuerDiscovery.cpp" line="75"/>
        <source>Scopes offered: %1</source>
        <translation>Portées proposées&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Jwt</name>
    <message>
        <location filename="../src/service/Jwt.cpp" line="15"/>
        <source>The access token is not valid.</source>
        <translation>Le jeton d’accès n’est pas valide.</translation>
    </message>
    <message>
        <location filename="../src/service/Jwt.cpp" line="99"/>
        <source>The access token has expired.</source>
        <translation>Le jeton d’accès a expiré.</translation>
    </message>
</context>
<context>
    <name>JwtDecoder</name>
    <message>
        <location filename="../src/core/JwtDecoder.cpp" line="15"/>
        <location filename="../src/core/JwtDecoder.cpp" line="28"/>
        <source>The token is not a JWT.</source>
        <translation>Le jeton n’est pas un JWT.</translation>
    </message>
</context>
<context>
    <name>KeepNewSecret</name>
    <message>
        <location filename="../src/usecases/KeepNewSecret.cpp" line="20"/>
        <source>No OS keychain could be reached on this computer.</source>
        <translation>Aucun trousseau du système n’a pu être joint sur cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>KeptSecrets</name>
    <message>
        <location filename="../src/storage/KeptSecrets.cpp" line="19"/>
        <location filename="../src/storage/KeptSecrets.cpp" line="55"/>
        <source>note where the secret is kept</source>
        <translation>noter où le secret est conservé</translation>
    </message>
</context>
<context>
    <name>KeyActionStates</name>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="41"/>
        <source>Select a key first.</source>
        <translation>Sélectionnez d’abord une clé.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="42"/>
        <source>Needs the OS keychain, which is not available.</source>
        <translation>Nécessite le trousseau du système, qui n’est pas disponible.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="43"/>
        <source>The service is unreachable; refresh (F5) when it is back.</source>
        <translation>Le service est injoignable&#xa0;; actualisez (F5) quand il sera de retour.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="44"/>
        <source>A provider credential is switched off or rotated in the vendor&apos;s dashboard; use Replace Secret when the vendor gives you a new one.</source>
        <translation>Un identifiant de fournisseur se désactive ou se renouvelle dans le tableau de bord du fournisseur&#xa0;; utilisez «&#xa0;Remplacer le secret&#xa0;» quand le fournisseur vous en donne un nouveau.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="54"/>
        <location filename="../src/gui/KeyActionStates.cpp" line="99"/>
        <source>&amp;Activate</source>
        <translation>&amp;Activer</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="55"/>
        <location filename="../src/gui/KeyActionStates.cpp" line="99"/>
        <source>&amp;Deactivate</source>
        <translation>&amp;Désactiver</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="60"/>
        <source>Only an active key is rotated; activate it first.</source>
        <translation>Seule une clé active peut être renouvelée&#xa0;; activez-la d’abord.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="69"/>
        <source>This key has no test call: add a test URL to its connection.</source>
        <translation>Cette clé n’a pas d’appel de test&#xa0;: ajoutez une URL de test à sa connexion.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="74"/>
        <source>Only a credential that signs with a private key (private_key_jwt) has a public key.</source>
        <translation>Seul un identifiant qui signe avec une clé privée (private_key_jwt) a une clé publique.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="79"/>
        <source>A key of a KeyDesk service is changed by rotating it.</source>
        <translation>Une clé d’un service KeyDesk se change en la renouvelant.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="89"/>
        <source>No service lets you create keys now.</source>
        <translation>Aucun service ne vous permet de créer des clés pour l’instant.</translation>
    </message>
</context>
<context>
    <name>KeyActions</name>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="42"/>
        <source>Testing “%1”…</source>
        <translation>Test de «&#xa0;%1&#xa0;»…</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="48"/>
        <source>Cannot test “%1”: %2</source>
        <translation>Impossible de tester «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="82"/>
        <source>Delete “%1” (%2)? Anything still using it will stop working at once. This cannot be undone.</source>
        <translation>Supprimer «&#xa0;%1&#xa0;» (%2)&#xa0;? Tout ce qui l’utilise cessera aussitôt de fonctionner. Action irréversible.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="85"/>
        <source>Delete “%1” (%2) and its secret from this computer? The vendor still knows the credential: revoke it in the vendor&apos;s dashboard as well.</source>
        <translation>Supprimer «&#xa0;%1&#xa0;» (%2) et son secret de cet ordinateur&#xa0;? Le fournisseur connaît toujours cet identifiant&#xa0;: révoquez-le aussi dans le tableau de bord du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="88"/>
        <source>Delete key</source>
        <translation>Supprimer la clé</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="90"/>
        <source>&amp;Delete Key</source>
        <translation>&amp;Supprimer la clé</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="116"/>
        <source>“%1” is deactivated: it is refused until you activate it again.</source>
        <translation>«&#xa0;%1&#xa0;» est désactivée&#xa0;: elle est refusée jusqu’à ce que vous la réactiviez.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="119"/>
        <source>“%1” is active again: it is accepted from now on.</source>
        <translation>«&#xa0;%1&#xa0;» est de nouveau active&#xa0;: elle est acceptée dès maintenant.</translation>
    </message>
</context>
<context>
    <name>KeyCommands</name>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="37"/>
        <source>list (default), create, deactivate, activate, rotate or delete</source>
        <translation>list (par défaut), create, deactivate, activate, rotate ou delete</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="34"/>
        <source>List, create, rotate, deactivate, activate or delete keys.</source>
        <translation>Lister, créer, renouveler, désactiver, activer ou supprimer des clés.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="39"/>
        <source>key id or name, for rotate, deactivate, activate and delete</source>
        <translation>identifiant ou nom de la clé, pour rotate, deactivate, activate et delete</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="41"/>
        <source>Connection name or id (list: every connection; create: Local)</source>
        <translation>Nom ou identifiant de la connexion (list&#xa0;: toutes les connexions&#xa0;; create&#xa0;: Local)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="42"/>
        <source>connection</source>
        <translation>connexion</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="43"/>
        <source>table, json or csv</source>
        <translation>table, json ou csv</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="43"/>
        <source>format</source>
        <translation>format</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="45"/>
        <source>Key name</source>
        <translation>Nom de la clé</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="45"/>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="46"/>
        <source>Key description</source>
        <translation>Description de la clé</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="46"/>
        <source>text</source>
        <translation>texte</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="48"/>
        <source>7, 30, 90, 180, 365 or never (default 30)</source>
        <translation>7, 30, 90, 180, 365 ou never (par défaut 30)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="48"/>
        <source>days</source>
        <translation>jours</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="51"/>
        <source>Do not keep the secret in the OS keychain</source>
        <translation>Ne pas conserver le secret dans le trousseau du système</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="54"/>
        <source>list: show what is kept on this computer, without asking the services</source>
        <translation>list&#xa0;: affiche ce qui est conservé sur cet ordinateur, sans interroger les services</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="56"/>
        <source>Project name or id (default: the service&apos;s first project)</source>
        <translation>Nom ou identifiant du projet (par défaut&#xa0;: premier projet du service)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="57"/>
        <source>project</source>
        <translation>projet</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="100"/>
        <source>%1 could not be refreshed; its keys are shown as last seen: %2</source>
        <translation>%1 n’a pas pu être actualisée&#xa0;; ses clés sont affichées telles que vues la dernière fois&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="123"/>
        <source>--format must be table, json or csv.</source>
        <translation>--format doit valoir table, json ou csv.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="137"/>
        <source>--expires must be 7, 30, 90, 180, 365 or never.</source>
        <translation>--expires doit valoir 7, 30, 90, 180, 365 ou never.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="163"/>
        <source>keys takes list, create, deactivate, activate, rotate or delete.</source>
        <translation>keys accepte list, create, deactivate, activate, rotate ou delete.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="166"/>
        <source>Name the key by its key id.</source>
        <translation>Désignez la clé par son ID de clé.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="190"/>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="208"/>
        <source>%1 keeps working. Once %2 is deployed everywhere: keydesk-cli keys deactivate %1</source>
        <translation>%1 continue de fonctionner. Une fois %2 déployée partout&#xa0;: keydesk-cli keys deactivate %1</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="219"/>
        <source>“%1” is a provider credential: it is deactivated or rotated at its vendor, not here. A new secret from the vendor replaces the kept one with keydesk-cli import.</source>
        <translation>«&#xa0;%1&#xa0;» est un identifiant de fournisseur&#xa0;: il se désactive ou se renouvelle chez son fournisseur, pas ici. Un nouveau secret du fournisseur remplace celui qui est conservé avec keydesk-cli import.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="232"/>
        <source>The secret is shown once; it is kept nowhere and cannot be shown again.</source>
        <translation>Le secret n’est affiché qu’une fois&#xa0;; il n’est conservé nulle part et ne peut plus être affiché.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="238"/>
        <source>The key was created but its secret is NOT in the OS keychain: copy it from above now; it cannot be shown again.</source>
        <translation>La clé a été créée mais son secret n’est PAS dans le trousseau&#xa0;: copiez-le maintenant ci-dessus&#xa0;; il ne peut plus être affiché.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="245"/>
        <source>Secret kept in the OS keychain; keydesk-cli read %1:secret --reveal shows it again.</source>
        <translation>Secret conservé dans le trousseau du système&#xa0;; keydesk-cli read %1:secret --reveal l’affiche de nouveau.</translation>
    </message>
</context>
<context>
    <name>KeyDeskCli</name>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="145"/>
        <source>unknown command “%1”.</source>
        <translation>commande inconnue «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="236"/>
        <source>Name in the inventory (default: the client id; when replacing a secret, the name it has)</source>
        <translation>Nom dans l’inventaire (par défaut&#xa0;: l’identifiant client&#xa0;; en remplaçant un secret, son nom actuel)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="238"/>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="232"/>
        <source>connection</source>
        <translation>connexion</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="160"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="352"/>
        <source>format</source>
        <translation>format</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="157"/>
        <source>Exchange a credential&apos;s id and secret (from the OS keychain) for an access token.</source>
        <translation>Échanger l’identifiant et le secret (du trousseau) contre un jeton d’accès.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="159"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="197"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="351"/>
        <source>Key id or name</source>
        <translation>ID ou nom de la clé</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="159"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="197"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="351"/>
        <source>credential</source>
        <translation>identifiant</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="160"/>
        <source>json, header or raw</source>
        <translation>json, header ou raw</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="169"/>
        <source>--format must be json, header or raw.</source>
        <translation>--format doit valoir json, header ou raw.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="195"/>
        <source>Send the credential&apos;s test call and explain the answer.</source>
        <translation>Envoyer l’appel de test de l’identifiant et expliquer la réponse.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="228"/>
        <source>Add a vendor credential to a provider connection; the secret is read from standard input and kept in the OS keychain.</source>
        <translation>Ajouter un identifiant de fournisseur à une connexion&#xa0;; le secret est lu sur l’entrée standard et conservé dans le trousseau.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="231"/>
        <source>Provider connection name or id</source>
        <translation>Nom ou identifiant de la connexion du fournisseur</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="233"/>
        <source>Client id / key id</source>
        <translation>ID client / ID de clé</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="233"/>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="239"/>
        <source>Expiry date the vendor gave, YYYY-MM-DD</source>
        <translation>Date d’expiration donnée par le fournisseur, AAAA-MM-JJ</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="240"/>
        <source>date</source>
        <translation>date</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="243"/>
        <source>private_key_jwt: make a key pair here, keep the private key in the OS keychain and print the public JWKS for the vendor</source>
        <translation>private_key_jwt&#xa0;: créer ici une paire de clés, garder la clé privée dans le trousseau et afficher le JWKS public pour le fournisseur</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="245"/>
        <source>With --generate-key: RS256 or ES256</source>
        <translation>Avec --generate-key&#xa0;: RS256 ou ES256</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="246"/>
        <source>algorithm</source>
        <translation>algorithme</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="249"/>
        <source>private_key_jwt: a PEM private key from this file, or - for stdin (an encrypted file&apos;s passphrase is then read from stdin)</source>
        <translation>private_key_jwt&#xa0;: une clé privée PEM depuis ce fichier, ou - pour l’entrée standard (la phrase secrète d’un fichier chiffré est alors lue sur l’entrée standard)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="251"/>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="258"/>
        <source>--client-id is required.</source>
        <translation>--client-id est obligatoire.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="267"/>
        <source>--expires must be a date such as 2027-01-31.</source>
        <translation>--expires doit être une date comme 2027-01-31.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="276"/>
        <source>Keys of a KeyDesk service are created with keys create, not imported.</source>
        <translation>Les clés d’un service KeyDesk se créent avec keys create, elles ne s’importent pas.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="279"/>
        <source>Give --generate-key or --private-key, not both.</source>
        <translation>Indiquez --generate-key ou --private-key, pas les deux.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="281"/>
        <source>%1 uses private_key_jwt: give --generate-key or --private-key.</source>
        <translation>%1 utilise private_key_jwt&#xa0;: indiquez --generate-key ou --private-key.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="283"/>
        <source>--generate-key and --private-key are for private_key_jwt connections.</source>
        <translation>--generate-key et --private-key sont pour les connexions private_key_jwt.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="285"/>
        <source>Secret (input hidden):</source>
        <translation>Secret (saisie masquée)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="290"/>
        <source>Give the secret on standard input.</source>
        <translation>Fournissez le secret sur l’entrée standard.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="302"/>
        <source>Replaced the secret of “%1” (%2) in %3; its name and expiry are kept.</source>
        <translation>Le secret de «&#xa0;%1&#xa0;» (%2) dans %3 a été remplacé&#xa0;; son nom et son expiration sont conservés.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="309"/>
        <source>Imported %1 into %2; its secret is in the OS keychain.</source>
        <translation>%1 importé dans %2&#xa0;; son secret est dans le trousseau.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="323"/>
        <source>--alg must be RS256 or ES256.</source>
        <translation>--alg doit valoir RS256 ou ES256.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="335"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="341"/>
        <source>Passphrase of the private key (input hidden):</source>
        <translation>Phrase secrète de la clé privée (saisie masquée)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="349"/>
        <source>Print a private_key_jwt credential&apos;s public key, for the vendor&apos;s console.</source>
        <translation>Afficher la clé publique d’un identifiant private_key_jwt, pour la console du fournisseur.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="352"/>
        <source>jwks, jwk or pem</source>
        <translation>jwks, jwk ou pem</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="363"/>
        <source>%1 authenticates with a secret, not a key pair.</source>
        <translation>%1 s’authentifie avec un secret, pas avec une paire de clés.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="371"/>
        <source>--format must be jwks, jwk or pem.</source>
        <translation>--format doit valoir jwks, jwk ou pem.</translation>
    </message>
</context>
<context>
    <name>KeyHistoryPanel</name>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="20"/>
        <source>&amp;Export History…</source>
        <translation>&amp;Exporter l’historique…</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>Who</source>
        <translation>Qui</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>From</source>
        <translation>Provenance</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="48"/>
        <source>the key</source>
        <translation>la clé</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="61"/>
        <source>Only keys of a KeyDesk service have a history.</source>
        <translation>Seules les clés d’un service KeyDesk ont un historique.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="68"/>
        <source>Offline: the history as this computer last saw it.</source>
        <translation>Hors ligne&#xa0;: l’historique tel que cet ordinateur l’a vu en dernier.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="71"/>
        <source>Asking the service…</source>
        <translation>Interrogation du service…</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="83"/>
        <source>Could not read the history from the service: %1</source>
        <translation>Impossible de lire l’historique depuis le service&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="98"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="99"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="102"/>
        <source>Export History</source>
        <translation>Exporter l’historique</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="112"/>
        <source>Could not write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="113"/>
        <source>History of %1 exported to %2.</source>
        <translation>Historique de %1 exporté vers %2.</translation>
    </message>
</context>
<context>
    <name>KeyNameValidator</name>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="17"/>
        <source>a tab</source>
        <translation>une tabulation</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="19"/>
        <source>a line break</source>
        <translation>un saut de ligne</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="21"/>
        <source>a special space character</source>
        <translation>un caractère d’espace spécial</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="23"/>
        <source>an invisible character (U+%1)</source>
        <translation>un caractère invisible (U+%1)</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="45"/>
        <source>Enter a name for the key.</source>
        <translation>Saisissez un nom pour la clé.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="48"/>
        <source>The name is %1 characters long; at most %2 are allowed.</source>
        <translation>Le nom compte %1 caractères&#xa0;; %2 au plus sont permis.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="58"/>
        <source>The name must start with a letter, not %1.</source>
        <translation>Le nom doit commencer par une lettre, pas par %1.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="66"/>
        <source>%1 is not allowed in a name. Use letters, digits, spaces, ‘-’, ‘_’ or ‘.’.</source>
        <translation>%1 n’est pas permis dans un nom. Utilisez des lettres, chiffres, espaces, «&#xa0;-&#xa0;», «&#xa0;_&#xa0;» ou «&#xa0;.&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="76"/>
        <source>The name must not end with a space.</source>
        <translation>Le nom ne doit pas finir par une espace.</translation>
    </message>
</context>
<context>
    <name>KeyService</name>
    <message>
        <location filename="../src/service/StorageError.cpp" line="7"/>
        <source>The service could not reach its database; try again shortly.</source>
        <translation>Le service n’a pas pu joindre sa base de données&#xa0;; réessayez dans un instant.</translation>
    </message>
    <message>
        <location filename="../src/service/StorageError.cpp" line="14"/>
        <source>The service&apos;s disk is full. Nothing was changed; retry once its operator has freed space.</source>
        <translation>Le disque du service est plein. Rien n’a été modifié&#xa0;; réessayez une fois que son exploitant aura libéré de l’espace.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceProjects.cpp" line="20"/>
        <source>A project named “%1” already exists.</source>
        <translation>Un projet nommé «&#xa0;%1&#xa0;» existe déjà.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceRefusals.cpp" line="8"/>
        <source>There is no project %1.</source>
        <translation>Il n’existe aucun projet %1.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="99"/>
        <location filename="../src/service/KeyService.cpp" line="226"/>
        <source>The description is longer than %1 characters.</source>
        <translation>La description dépasse %1 caractères.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="106"/>
        <source>expires_in_days must be 7, 30, 90, 180, 365 or null (no expiry).</source>
        <translation>expires_in_days doit valoir 7, 30, 90, 180, 365 ou null (sans expiration).</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="146"/>
        <source>This project already has %1 keys, the most allowed. Delete a key you no longer need first.</source>
        <translation>Ce projet a déjà %1 clés, le maximum autorisé. Supprimez d’abord une clé dont vous n’avez plus besoin.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="164"/>
        <source>A key named “%1” already exists in this project.</source>
        <translation>Une clé nommée «&#xa0;%1&#xa0;» existe déjà dans ce projet.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="219"/>
        <source>status must be “active” or “inactive”.</source>
        <translation>status doit valoir «&#xa0;active&#xa0;» ou «&#xa0;inactive&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="25"/>
        <source>There is no key %1 in project %2.</source>
        <translation>Il n’existe aucune clé %1 dans le projet %2.</translation>
    </message>
</context>
<context>
    <name>KeyStatus</name>
    <message>
        <location filename="../src/core/KeyStatus.cpp" line="31"/>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../src/core/KeyStatus.cpp" line="33"/>
        <source>Inactive</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../src/core/KeyStatus.cpp" line="35"/>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="26"/>
        <source>KeyDesk does not know which keychain entry belongs to this credential; nothing was changed.</source>
        <translation>KeyDesk ne sait pas quelle entrée du trousseau correspond à cet identifiant&#xa0;; rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="192"/>
        <source>KeePassXC keeps a copy in its Recycle Bin until you empty it.</source>
        <translation>KeePassXC en garde une copie dans sa corbeille jusqu’à ce que vous la vidiez.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="209"/>
        <source>The OS keychain holds no secret for %1.</source>
        <translation>Le trousseau du système ne contient aucun secret pour %1.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="211"/>
        <source>Access to the OS keychain was refused.</source>
        <translation>L’accès au trousseau du système a été refusé.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="215"/>
        <source>The OS keychain is locked. Unlock it (for example by logging in again) and retry; KeyDesk keeps working without secrets meanwhile.</source>
        <translation>Le trousseau du système est verrouillé. Déverrouillez-le (par exemple en vous reconnectant) et réessayez&#xa0;; en attendant, KeyDesk continue de fonctionner sans les secrets.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="219"/>
        <source>The OS keychain refused access to the secret.</source>
        <translation>Le trousseau du système a refusé l’accès au secret.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="223"/>
        <source>No OS keychain is available (install and start a Secret Service such as GNOME Keyring or KWallet). KeyDesk keeps working with key details only; secrets cannot be stored.</source>
        <translation>Aucun trousseau du système n’est disponible (installez et lancez un Secret Service comme GNOME Keyring ou KWallet). KeyDesk continue de fonctionner avec les seuls détails des clés&#xa0;; les secrets ne peuvent pas être enregistrés.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="79"/>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="234"/>
        <source>The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps working with key details only; secrets cannot be stored or read.</source>
        <translation>Le trousseau du système est injoignable (aucun Secret Service sur le bus de session). KeyDesk continue de fonctionner avec les seuls détails des clés&#xa0;; les secrets ne peuvent être ni enregistrés ni lus.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="240"/>
        <source>The OS keychain has no unlocked default collection. Unlock or create your login keyring and retry.</source>
        <translation>Le trousseau du système n’a aucune collection par défaut déverrouillée. Déverrouillez ou créez votre trousseau de connexion et réessayez.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="244"/>
        <source>The OS keychain reported an error.</source>
        <translation>Le trousseau du système a signalé une erreur.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.ui" line="6"/>
        <source>KeyDesk</source>
        <translation>KeyDesk</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="17"/>
        <source>&lt;b&gt;Connections&lt;/b&gt;</source>
        <translation>&lt;b&gt;Connexions&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="18"/>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="26"/>
        <source>Search keys</source>
        <translation>Rechercher des clés</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="26"/>
        <source>Search name, description, key ID, last 4, connection, project (Ctrl+F)</source>
        <translation>Rechercher nom, description, ID de clé, 4 derniers, connexion, projet (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="27"/>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="39"/>
        <source>Key details</source>
        <translation>Détails de la clé</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="44"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="46"/>
        <source>Key ID</source>
        <translation>ID de clé</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="48"/>
        <source>Secret</source>
        <translation>Secret</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="50"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="52"/>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="54"/>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="56"/>
        <source>Last used</source>
        <translation>Dernière utilisation</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="67"/>
        <source>Rotation</source>
        <translation>Renouvellement</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="60"/>
        <source>Last tested</source>
        <translation>Dernier test</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="58"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="69"/>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="71"/>
        <source>Created by</source>
        <translation>Créé par</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="73"/>
        <source>Key user</source>
        <translation>Utilisateur de la clé</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="74"/>
        <source>The user the service records this key&apos;s use under</source>
        <translation>L’utilisateur sous lequel le service enregistre l’utilisation de cette clé</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="83"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="93"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="94"/>
        <source>&amp;Keys</source>
        <translation>&amp;Clés</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="95"/>
        <source>&amp;Settings</source>
        <translation>C&amp;onfiguration</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="96"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="103"/>
        <source>Main toolbar</source>
        <translation>Barre d’outils principale</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="111"/>
        <source>&amp;Generate Key…</source>
        <translation>&amp;Générer une clé…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="111"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="112"/>
        <source>&amp;Copy Key ID</source>
        <translation>&amp;Copier l’ID de clé</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="112"/>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="113"/>
        <source>&amp;Deactivate</source>
        <translation>&amp;Désactiver</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="113"/>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="114"/>
        <source>De&amp;lete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="114"/>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="115"/>
        <source>&amp;Token Generator…</source>
        <translation>Générateur de je&amp;tons…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="116"/>
        <source>Test &amp;Key</source>
        <translation>T&amp;ester la clé</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="127"/>
        <source>&amp;Rename Project…</source>
        <translation>&amp;Renommer le projet…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="117"/>
        <source>Add &amp;Provider Credential…</source>
        <translation>Ajouter un &amp;identifiant de fournisseur…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="118"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="119"/>
        <source>The public key of a credential that signs its token requests (private_key_jwt), for the vendor&apos;s console</source>
        <translation>La clé publique d’un identifiant qui signe ses requêtes de jeton (private_key_jwt), pour la console du fournisseur</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="119"/>
        <source>P&amp;ublic Key…</source>
        <translation>Clé &amp;publique…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="120"/>
        <source>&amp;Edit Provider Credential…</source>
        <translation>&amp;Modifier l’identifiant de fournisseur…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="120"/>
        <source>Change how this provider credential reaches its vendor: token URL, client authentication, headers, scope, test call, expiry</source>
        <translation>Modifier la façon dont cet identifiant joint son fournisseur&#xa0;: URL du jeton, authentification du client, en-têtes, scope, appel de test, expiration</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="121"/>
        <source>Replace &amp;Secret…</source>
        <translation>Remp&amp;lacer le secret…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="121"/>
        <source>Keep a new secret (or key) the vendor issued for this credential in the OS keychain</source>
        <translation>Conserver dans le trousseau du système un nouveau secret (ou une nouvelle clé) émis par le fournisseur pour cet identifiant</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="122"/>
        <source>R&amp;otate…</source>
        <translation>Renou&amp;veler…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="123"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="123"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="124"/>
        <source>&amp;Find</source>
        <translation>Rec&amp;hercher</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="124"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="125"/>
        <source>Connect to a &amp;Service…</source>
        <translation>Se connecter à un &amp;service…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="126"/>
        <source>&amp;New Project…</source>
        <translation>&amp;Nouveau projet…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="128"/>
        <source>Delete Pro&amp;ject…</source>
        <translation>Supprimer le pro&amp;jet…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="129"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="129"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="130"/>
        <source>&amp;User Guide</source>
        <translation>&amp;Guide de l’utilisateur</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="130"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="131"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="131"/>
        <source>Ctrl+Shift+/</source>
        <translation>Ctrl+Shift+/</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="132"/>
        <source>&amp;About KeyDesk</source>
        <translation>À &amp;propos de KeyDesk</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="133"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="133"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="68"/>
        <source>No OS keychain is available: KeyDesk works with key details only.</source>
        <translation>Aucun trousseau du système disponible&#xa0;: KeyDesk ne travaille qu’avec les détails des clés.</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="102"/>
        <source>reachable</source>
        <translation>joignable</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="103"/>
        <source>unreachable</source>
        <translation>injoignable</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="105"/>
        <source>not connected (no token in the keychain)</source>
        <translation>non connecté (aucun jeton dans le trousseau)</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="109"/>
        <source>kept on this computer</source>
        <translation>conservé sur cet ordinateur</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="111"/>
        <source>synced %1</source>
        <translation>synchronisé %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="113"/>
        <source>never synced</source>
        <translation>jamais synchronisé</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="115"/>
        <source>KeyDesk service</source>
        <translation>Service KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="117"/>
        <source>OAuth2 provider</source>
        <translation>Fournisseur OAuth2</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="118"/>
        <source>API-key provider</source>
        <translation>Fournisseur de clés d’API</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="122"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="124"/>
        <source>%1 · %2 (%3)</source>
        <translation>%1 · %2 (%3)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="26"/>
        <source>replaces “%1” (%2)</source>
        <translation>remplace «&#xa0;%1&#xa0;» (%2)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="29"/>
        <source>replaced by “%1” (%2)</source>
        <translation>remplacée par «&#xa0;%1&#xa0;» (%2)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="42"/>
        <source>None set: Edit Provider Credential adds one.</source>
        <translation>Aucun&#xa0;: «&#xa0;Modifier l’identifiant de fournisseur&#xa0;» en ajoute un.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="46"/>
        <source>%1
The token is sent in %2; %3 is expected.</source>
        <translation>%1
Le jeton est envoyé dans %2&#xa0;; %3 est attendu.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="47"/>
        <source>%1
The key is sent in %2; %3 is expected.</source>
        <translation>%1
La clé est envoyée dans %2&#xa0;; %3 est attendu.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="68"/>
        <source>None asked for</source>
        <translation>Aucun demandé</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="102"/>
        <source>Test call</source>
        <translation>Appel de test</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="104"/>
        <source>Token URL</source>
        <translation>URL du jeton</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="105"/>
        <source>Client authentication</source>
        <translation>Authentification du client</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="106"/>
        <source>Scope</source>
        <translation>Portée (scope)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="174"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="41"/>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="176"/>
        <source>Never used</source>
        <translation>Jamais utilisée</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="36"/>
        <source>All keys</source>
        <translation>Toutes les clés</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="37"/>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="38"/>
        <source>Inactive</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="26"/>
        <source>Expiring within %1 days</source>
        <translation>Expire dans les %1 jours</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="40"/>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="42"/>
        <source>Not tested for 30 days</source>
        <translation>Non testée depuis 30 jours</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="95"/>
        <source>All connections</source>
        <translation>Toutes les connexions</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="188"/>
        <source>Never tested</source>
        <translation>Jamais testée</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="293"/>
        <source>Refreshing…</source>
        <translation>Actualisation…</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="288"/>
        <source>Up to date.</source>
        <translation>À jour.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="227"/>
        <source>Needs the OS keychain, which keeps your token for the service.</source>
        <translation>Nécessite le trousseau du système, qui conserve votre jeton pour le service.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="315"/>
        <source>Key ID copied.</source>
        <translation>ID de clé copié.</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportFileChooser.cpp" line="17"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportFileChooser.cpp" line="18"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportFileChooser.cpp" line="19"/>
        <source>Calendar of expiry dates (*.ics)</source>
        <translation>Calendrier des dates d’expiration (*.ics)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportFileChooser.cpp" line="29"/>
        <source>Export the inventory (never secrets)</source>
        <translation>Exporter l’inventaire (jamais les secrets)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="336"/>
        <source>%1 (and %2 more reminders; see the Status column)</source>
        <translation>%1 (et %2 autres rappels&#xa0;; voir la colonne «&#xa0;État&#xa0;»)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="344"/>
        <source>Privacy lock: secrets are hidden and tokens forgotten.</source>
        <translation>Verrouillage de confidentialité&#xa0;: secrets masqués et jetons oubliés.</translation>
    </message>
</context>
<context>
    <name>MigrateKeychainNames</name>
    <message>
        <location filename="../src/usecases/MigrateKeychainNames.cpp" line="115"/>
        <source>%1 was not moved to %2: %3</source>
        <translation>%1 n’a pas été déplacé vers %2&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>PeopleDirectory</name>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="18"/>
        <source>There is no person named %1.</source>
        <translation>Il n’existe aucune personne nommée %1.</translation>
    </message>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="94"/>
        <source>A person&apos;s name starts with a letter and has up to 64 letters, digits and . _ @ + - (an e-mail address or a login name).</source>
        <translation>Le nom d’une personne commence par une lettre et compte jusqu’à 64 lettres, chiffres et . _ @ + - (une adresse e-mail ou un nom d’utilisateur).</translation>
    </message>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="110"/>
        <source>There already is a person named %1.</source>
        <translation>Il existe déjà une personne nommée %1.</translation>
    </message>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="145"/>
        <source>%1 is the only owner; make someone else owner first, or nobody could manage people any more.</source>
        <translation>%1 est le seul propriétaire&#xa0;; désignez d’abord un autre propriétaire, sinon plus personne ne pourrait gérer les personnes.</translation>
    </message>
</context>
<context>
    <name>PeopleRoutes</name>
    <message>
        <location filename="../src/server/PeopleRoutes.cpp" line="32"/>
        <source>role must be “owner”, “admin”, “support” or “viewer”.</source>
        <translation>role doit valoir «&#xa0;owner&#xa0;», «&#xa0;admin&#xa0;», «&#xa0;support&#xa0;» ou «&#xa0;viewer&#xa0;».</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="17"/>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="19"/>
        <location filename="../src/gui/PreferencesDialog.cpp" line="29"/>
        <source> s</source>
        <translation>&#xa0;s</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="23"/>
        <source> days</source>
        <translation>&#xa0;jours</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="23"/>
        <source> day</source>
        <translation>&#xa0;jour</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="27"/>
        <source> min</source>
        <translation>&#xa0;min</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="28"/>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="30"/>
        <source>Also lock when the window is &amp;minimised</source>
        <translation>&amp;Verrouiller aussi quand la fenêtre est réduite</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="33"/>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="36"/>
        <source>&amp;Start minimised to the system tray</source>
        <translation>&amp;Démarrer réduit dans la zone de notification</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="37"/>
        <source>Where the desktop has no system tray, KeyDesk starts minimised to the taskbar.</source>
        <translation>Là où le bureau n’a pas de zone de notification, KeyDesk démarre réduit dans la barre des tâches.</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="44"/>
        <source>Clear a copied secret &amp;after:</source>
        <translation>&amp;Effacer un secret copié après&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="45"/>
        <source>&amp;Remind of expiry:</source>
        <translation>&amp;Rappeler l’expiration&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="46"/>
        <source>Privacy lock after &amp;idle:</source>
        <translation>Verrouillage après &amp;inactivité&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="48"/>
        <source>Give up on a re&amp;quest after:</source>
        <translation>Abandonner une re&amp;quête après&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="49"/>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="62"/>
        <source>Days before a key expires that KeyDesk reminds you, and what “Expiring soon” lists.</source>
        <translation>Combien de jours avant l’expiration d’une clé KeyDesk vous le rappelle, et ce que «&#xa0;Expire bientôt&#xa0;» affiche.</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="64"/>
        <source>A new language takes effect at the next start.</source>
        <translation>Une nouvelle langue s’applique au prochain démarrage.</translation>
    </message>
</context>
<context>
    <name>ProjectControls</name>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="19"/>
        <source>Show one project&apos;s keys; Generate Key puts new keys in the project picked here.</source>
        <translation>Affiche les clés d’un projet&#xa0;; «&#xa0;Générer une clé&#xa0;» place les nouvelles clés dans le projet choisi ici.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="89"/>
        <source>All projects</source>
        <translation>Tous les projets</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="93"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="111"/>
        <source>The connection picked on the left is not a connected KeyDesk service.</source>
        <translation>La connexion choisie à gauche n’est pas un service KeyDesk connecté.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="112"/>
        <source>No KeyDesk service is connected.</source>
        <translation>Aucun service KeyDesk n’est connecté.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="113"/>
        <source>The service is unreachable; refresh (F5) when it is back.</source>
        <translation>Le service est injoignable&#xa0;; actualisez (F5) quand il sera de nouveau disponible.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="136"/>
        <source>New Project</source>
        <translation>Nouveau projet</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="137"/>
        <source>Name of the new project on %1:</source>
        <translation>Nom du nouveau projet sur %1&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="138"/>
        <source>Name of the new project:</source>
        <translation>Nom du nouveau projet&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="149"/>
        <source>Project “%1” created.</source>
        <translation>Projet «&#xa0;%1&#xa0;» créé.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="161"/>
        <source>Rename Project</source>
        <translation>Renommer le projet</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="161"/>
        <source>New name for “%1”:</source>
        <translation>Nouveau nom pour «&#xa0;%1&#xa0;»&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="172"/>
        <source>Project renamed to “%1”.</source>
        <translation>Projet renommé en «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="205"/>
        <source>Delete the empty project “%1”?</source>
        <translation>Supprimer le projet vide «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="206"/>
        <source>Delete the project “%1” and its %2 keys?

%3

Every program using those keys stops working at once. This cannot be undone.</source>
        <translation>Supprimer le projet «&#xa0;%1&#xa0;» et ses %2 clés&#xa0;?

%3

Tout programme qui utilise ces clés cesse aussitôt de fonctionner. Cette action est irréversible.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="213"/>
        <source>Delete Project</source>
        <translation>Supprimer le projet</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="215"/>
        <source>&amp;Delete Project</source>
        <translation>&amp;Supprimer le projet</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="228"/>
        <source>Project “%1” deleted with %2 keys.</source>
        <translation>Projet «&#xa0;%1&#xa0;» supprimé avec %2 clés.</translation>
    </message>
</context>
<context>
    <name>ProviderDiscovery</name>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="22"/>
        <source>The OAuth2 metadata for %1 cannot be used: %2</source>
        <translation>Les métadonnées OAuth2 de %1 sont inutilisables&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="101"/>
        <source>An issuer URL has no query or fragment (RFC 8414 §2): drop what follows ? or #.</source>
        <translation>Une URL d’émetteur n’a ni requête ni fragment (RFC 8414 §2)&#xa0;: retirez ce qui suit&#xa0;? ou #.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="125"/>
        <source>it is not a JSON object.</source>
        <translation>ce n’est pas un objet JSON.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="134"/>
        <source>The metadata names the issuer “%1”, not “%2”: refused, since a server speaking for another issuer could take the client secret (a mix-up attack). If that is the server you mean, use its issuer URL exactly.</source>
        <translation>Les métadonnées nomment l’émetteur «&#xa0;%1&#xa0;», et non «&#xa0;%2&#xa0;»&#xa0;: refusé, car un serveur parlant pour un autre émetteur pourrait capter le secret du client (attaque de type mix-up). Si c’est bien ce serveur, utilisez exactement son URL d’émetteur.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="141"/>
        <source>it names no token_endpoint.</source>
        <translation>il n’indique aucun token_endpoint.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="150"/>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="155"/>
        <source>The server does not accept %1 (it lists %2).</source>
        <translation>Le serveur n’accepte pas %1 (il indique %2).</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="158"/>
        <source>as asked; a JSON body is a vendor convention the metadata cannot confirm</source>
        <translation>comme demandé&#xa0;; un corps JSON est une convention de fournisseur que les métadonnées ne peuvent pas confirmer</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="160"/>
        <source>as asked; the server lists %1</source>
        <translation>comme demandé&#xa0;; le serveur indique %1</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="164"/>
        <source>client_secret_basic: the server lists it, and it keeps the secret out of the request body (RFC 6749 §2.3.1 asks servers to support it)</source>
        <translation>client_secret_basic&#xa0;: le serveur l’indique, et le secret reste hors du corps de la requête (la RFC 6749 §2.3.1 demande aux serveurs de le prendre en charge)</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="170"/>
        <source>client_secret_post: the only method the server lists that works with a client secret</source>
        <translation>client_secret_post&#xa0;: la seule méthode indiquée par le serveur qui fonctionne avec un secret client</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="173"/>
        <source>The server accepts only %1; KeyDesk can authenticate with client_secret_basic or client_secret_post.</source>
        <translation>Le serveur n’accepte que %1&#xa0;; KeyDesk peut s’authentifier avec client_secret_basic ou client_secret_post.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="179"/>
        <source> (the token endpoint is on %1, not on the issuer&apos;s host)</source>
        <translation> (le point de terminaison du jeton est sur %1, pas sur l’hôte de l’émetteur)</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="204"/>
        <source>No OAuth2 metadata was found for %1 (%2).</source>
        <translation>Aucune métadonnée OAuth2 trouvée pour %1 (%2).</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="220"/>
        <source>it is larger than %1 KB.</source>
        <translation>il dépasse %1 Ko.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="225"/>
        <source>%1 answered HTTP %2</source>
        <translation>%1 a répondu HTTP %2</translation>
    </message>
</context>
<context>
    <name>ProviderSettings</name>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="39"/>
        <source>HTTP Basic (RFC 6749)</source>
        <translation>HTTP Basic (RFC 6749)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="41"/>
        <source>HTTP Basic (as curl -u)</source>
        <translation>HTTP Basic (comme curl -u)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="43"/>
        <source>Form post (client_id/client_secret in the body)</source>
        <translation>Formulaire POST (client_id/client_secret dans le corps)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="46"/>
        <source>JSON body</source>
        <translation>Corps JSON</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="48"/>
        <source>Private key JWT (RFC 7523)</source>
        <translation>JWT à clé privée (RFC 7523)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="65"/>
        <source>“%1” is not a header: %2</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas un en-tête&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>PublicKeyDialog</name>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="24"/>
        <source>Public Key of %1</source>
        <translation>Clé publique de %1</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="26"/>
        <source>Register this public key with the vendor for client “%1”, or give them a JWKS URL that serves it. KeyDesk signs each token request with the private key, which stays in the OS keychain and is never shown.</source>
        <translation>Enregistrez cette clé publique auprès du fournisseur pour le client «&#xa0;%1&#xa0;», ou donnez-lui une URL JWKS qui la publie. KeyDesk signe chaque requête de jeton avec la clé privée, qui reste dans le trousseau du système et n’est jamais affichée.</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="36"/>
        <source>JWKS (a key set, as most consoles ask)</source>
        <translation>JWKS (un jeu de clés, comme le demandent la plupart des consoles)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="37"/>
        <source>JWK (this key alone)</source>
        <translation>JWK (cette clé seule)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="38"/>
        <source>PEM (SubjectPublicKeyInfo)</source>
        <translation>PEM (SubjectPublicKeyInfo)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="40"/>
        <source>Key ID (kid):</source>
        <translation>ID de clé (kid)&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="41"/>
        <source>Algorithm:</source>
        <translation>Algorithme&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="42"/>
        <source>&amp;Format:</source>
        <translation>F&amp;ormat&#xa0;:</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="49"/>
        <source>Public key</source>
        <translation>Clé publique</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="54"/>
        <source>C&amp;opy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="55"/>
        <source>&amp;Save As…</source>
        <translation>&amp;Enregistrer sous…</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="96"/>
        <source>Copied to the clipboard.</source>
        <translation>Copié dans le presse-papiers.</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="104"/>
        <source>Save the Public Key</source>
        <translation>Enregistrer la clé publique</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="105"/>
        <source>PEM files (*.pem)</source>
        <translation>Fichiers PEM (*.pem)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="105"/>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="110"/>
        <source>Could not save %1: %2</source>
        <translation>Impossible d’enregistrer %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="111"/>
        <source>Saved to %1.</source>
        <translation>Enregistré dans %1.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../src/app/main.cpp" line="73"/>
        <source>KeyDesk keeps API keys and OAuth2 client credentials: it creates, rotates and deactivates keys at a KeyDesk service, gets and tests tokens, and keeps every secret in the OS keychain. Without options it opens its window (or brings the running one to the front).</source>
        <translation>KeyDesk conserve les clés d’API et les identifiants OAuth2 client credentials&#xa0;: il crée, renouvelle et désactive des clés auprès d’un service KeyDesk, obtient et teste des jetons, et conserve chaque secret dans le trousseau du système. Sans option, il ouvre sa fenêtre (ou met au premier plan celle qui est déjà ouverte).</translation>
    </message>
    <message>
        <location filename="../src/app/main.cpp" line="90"/>
        <source>KeyDesk</source>
        <translation>KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/app/main.cpp" line="97"/>
        <source>KeyDesk cannot open its inventory</source>
        <translation>KeyDesk ne peut pas ouvrir son inventaire</translation>
    </message>
    <message>
        <location filename="../src/app/main.cpp" line="111"/>
        <source>KeyDesk cannot start its local service</source>
        <translation>KeyDesk ne peut pas démarrer son service local</translation>
    </message>
</context>
<context>
    <name>RefreshMessage</name>
    <message>
        <location filename="../src/gui/RefreshMessage.cpp" line="11"/>
        <source>Could not refresh: %1 The inventory shows the last synced state.</source>
        <translation>Actualisation impossible&#xa0;: %1 L’inventaire montre le dernier état synchronisé.</translation>
    </message>
    <message>
        <location filename="../src/gui/RefreshMessage.cpp" line="17"/>
        <source>Could not refresh %1: %2 Its keys show the last synced state.</source>
        <translation>Impossible d’actualiser %1&#xa0;: %2 Ses clés montrent le dernier état synchronisé.</translation>
    </message>
</context>
<context>
    <name>ReminderPlanner</name>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="22"/>
        <source>API key expired</source>
        <translation>Clé d’API expirée</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="23"/>
        <source>“%1” (%2) has expired. Anything still using it is refused now: generate a successor.</source>
        <translation>«&#xa0;%1&#xa0;» (%2) a expiré. Tout ce qui l’utilise encore est désormais refusé&#xa0;: générez une clé de remplacement.</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="34"/>
        <source>API key expiring soon</source>
        <translation>Clé d’API bientôt expirée</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="37"/>
        <source>“%2” (%3) expires in %1 day. Rotate it before then.</source>
        <translation>«&#xa0;%2&#xa0;» (%3) expire dans %1 jour. Renouvelez-la d’ici là.</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="39"/>
        <source>“%2” (%3) expires in %1 days. Rotate it before then.</source>
        <translation>«&#xa0;%2&#xa0;» (%3) expire dans %1 jours. Renouvelez-la d’ici là.</translation>
    </message>
</context>
<context>
    <name>RemoveConnection</name>
    <message>
        <location filename="../src/usecases/RemoveConnection.cpp" line="25"/>
        <source>The local service cannot be removed.</source>
        <translation>Le service local ne peut pas être supprimé.</translation>
    </message>
    <message>
        <location filename="../src/usecases/RemoveConnection.cpp" line="44"/>
        <source>“%1” was kept: the OS keychain did not delete %2.</source>
        <translation>«&#xa0;%1&#xa0;» a été conservée&#xa0;: le trousseau du système n’a pas supprimé %2.</translation>
    </message>
    <message>
        <location filename="../src/usecases/RemoveConnection.cpp" line="50"/>
        <source>“%1” and its secrets are removed from this computer.</source>
        <translation>«&#xa0;%1&#xa0;» et ses secrets ont été supprimés de cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>ReplaceSecret</name>
    <message>
        <location filename="../src/usecases/ReplaceSecret.cpp" line="21"/>
        <source>A key of a KeyDesk service is rotated there, not replaced here.</source>
        <translation>Une clé d’un service KeyDesk se renouvelle là-bas, elle ne se remplace pas ici.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ReplaceSecret.cpp" line="24"/>
        <source>Paste the new secret.</source>
        <translation>Collez le nouveau secret.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ReplaceSecret.cpp" line="37"/>
        <source>The old secret is kept: the new one could not be stored in the OS keychain. %1</source>
        <translation>L’ancien secret est conservé&#xa0;: le nouveau n’a pas pu être enregistré dans le trousseau du système. %1</translation>
    </message>
</context>
<context>
    <name>ReplyErrorMapper</name>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="63"/>
        <source>Cannot reach the service at %1: nothing is listening there (connection refused).</source>
        <translation>Impossible de joindre le service à %1&#xa0;: rien n’y écoute (connexion refusée).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="70"/>
        <source>Cannot reach the service: the host in %1 was not found (check the address).</source>
        <translation>Impossible de joindre le service&#xa0;: l’hôte de %1 est introuvable (vérifiez l’adresse).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="79"/>
        <source>The service at %1 did not answer in time.</source>
        <translation>Le service à %1 n’a pas répondu à temps.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="87"/>
        <source>The secure connection to %1 failed: its certificate is not trusted or does not match. KeyDesk does not ignore certificate errors.</source>
        <translation>La connexion sécurisée à %1 a échoué&#xa0;: son certificat n’est pas approuvé ou ne correspond pas. KeyDesk n’ignore pas les erreurs de certificat.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="32"/>
        <source>The service at %1 redirected the request elsewhere; KeyDesk does not follow redirects to another address with your credentials.</source>
        <translation>Le service à %1 a redirigé la requête ailleurs&#xa0;; KeyDesk ne suit pas de redirection vers une autre adresse avec vos identifiants.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="102"/>
        <source>Cannot reach the service at %1.</source>
        <translation>Impossible de joindre le service à %1.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="118"/>
        <source>The service did not understand the request.</source>
        <translation>Le service n’a pas compris la requête.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="123"/>
        <source>The service did not accept the credentials (invalid or expired).</source>
        <translation>Le service n’a pas accepté les identifiants (non valides ou expirés).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="128"/>
        <source>These credentials have no access to this endpoint.</source>
        <translation>Ces identifiants n’ont pas accès à ce point de terminaison.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="133"/>
        <source>The service does not know this item (it may have been deleted).</source>
        <translation>Le service ne connaît pas cet élément (il a peut-être été supprimé).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="139"/>
        <source>The project has reached its key limit.</source>
        <translation>Le projet a atteint sa limite de clés.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="143"/>
        <source>That conflicts with something that already exists.</source>
        <translation>Cela entre en conflit avec un élément qui existe déjà.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="148"/>
        <source>The request was too large for the service.</source>
        <translation>La requête était trop volumineuse pour le service.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="154"/>
        <source>The service refused the values sent.</source>
        <translation>Le service a refusé les valeurs envoyées.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="46"/>
        <source>Try again in %1 second.</source>
        <translation>Réessayez dans %1 seconde.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="47"/>
        <source>Try again in %1 seconds.</source>
        <translation>Réessayez dans %1 secondes.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="48"/>
        <source>Try again in a moment.</source>
        <translation>Réessayez dans un instant.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="159"/>
        <source>Too many requests.</source>
        <translation>Trop de requêtes.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="170"/>
        <source>The service at %1 is unavailable right now.</source>
        <translation>Le service à l’adresse %1 est indisponible pour le moment.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="181"/>
        <source>The service had an internal problem (HTTP %1). Try again later.</source>
        <translation>Le service a rencontré un problème interne (HTTP %1). Réessayez plus tard.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="186"/>
        <source>The service answered with an unexpected HTTP status %1.</source>
        <translation>Le service a répondu avec le statut HTTP inattendu %1.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="197"/>
        <source>%1 did not finish its answer within %2 s; KeyDesk stopped waiting.</source>
        <translation>%1 n’a pas terminé sa réponse dans les %2 s&#xa0;; KeyDesk a cessé d’attendre.</translation>
    </message>
</context>
<context>
    <name>RequestToken</name>
    <message>
        <location filename="../src/usecases/RequestToken.cpp" line="19"/>
        <source>The secret of “%1” is not available on this computer: it was not kept in this keychain, or was removed.</source>
        <translation>Le secret de «&#xa0;%1&#xa0;» n’est pas disponible sur cet ordinateur&#xa0;: il n’a pas été conservé dans ce trousseau, ou a été retiré.</translation>
    </message>
    <message>
        <location filename="../src/usecases/RequestToken.cpp" line="30"/>
        <source>“%1” is an API key: it is sent as it is, there is no token to get.</source>
        <translation>«&#xa0;%1&#xa0;» est une clé d’API&#xa0;: elle est envoyée telle quelle, il n’y a pas de jeton à obtenir.</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../src/core/Role.cpp" line="33"/>
        <source>Viewer</source>
        <translation>Lecteur</translation>
    </message>
    <message>
        <location filename="../src/core/Role.cpp" line="35"/>
        <source>Support</source>
        <translation>Support</translation>
    </message>
    <message>
        <location filename="../src/core/Role.cpp" line="37"/>
        <source>Admin</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../src/core/Role.cpp" line="39"/>
        <source>Owner</source>
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location filename="../src/core/Role.cpp" line="66"/>
        <source>This needs the %1 role; you are %2.</source>
        <translation>Ceci nécessite le rôle %1&#xa0;; vous êtes %2.</translation>
    </message>
</context>
<context>
    <name>RotateKey</name>
    <message>
        <location filename="../src/usecases/RotateKey.cpp" line="24"/>
        <source>Not connected to the service of “%1”: nothing was created.</source>
        <translation>Pas de connexion au service de «&#xa0;%1&#xa0;»&#xa0;: rien n’a été créé.</translation>
    </message>
</context>
<context>
    <name>RotationFlow</name>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="30"/>
        <location filename="../src/gui/RotationFlow.cpp" line="67"/>
        <location filename="../src/gui/RotationFlow.cpp" line="93"/>
        <source>Rotate key</source>
        <translation>Renouveler la clé</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="31"/>
        <source>Create “%1” to replace “%2” (expiry: %3)? Its secret is shown once. “%2” keeps working until you confirm the new key is deployed.</source>
        <translation>Créer «&#xa0;%1&#xa0;» pour remplacer «&#xa0;%2&#xa0;» (expiration&#xa0;: %3)&#xa0;? Son secret ne sera affiché qu’une fois. «&#xa0;%2&#xa0;» continue de fonctionner jusqu’à ce que vous confirmiez le déploiement de la nouvelle clé.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="35"/>
        <source>&amp;Rotate</source>
        <translation>&amp;Renouveler</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="37"/>
        <source>Rotation cancelled.</source>
        <translation>Renouvellement annulé.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="38"/>
        <source>Creating “%1”…</source>
        <translation>Création de «&#xa0;%1&#xa0;»…</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="44"/>
        <source>Rotation stopped: %1</source>
        <translation>Renouvellement interrompu&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="48"/>
        <source>Created “%1”. Copy its secret now: it is shown once.</source>
        <translation>«&#xa0;%1&#xa0;» créée. Copiez son secret maintenant&#xa0;: il n’est affiché qu’une fois.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="59"/>
        <source>“%1” is ready to deploy.</source>
        <translation>«&#xa0;%1&#xa0;» est prête à être déployée.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="68"/>
        <source>Is “%1” deployed everywhere “%2” was used? Deactivate “%2” now?</source>
        <translation>«&#xa0;%1&#xa0;» est-elle déployée partout où «&#xa0;%2&#xa0;» était utilisée&#xa0;? Désactiver «&#xa0;%2&#xa0;» maintenant&#xa0;?</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="70"/>
        <source>&amp;Deactivate</source>
        <translation>&amp;Désactiver</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="70"/>
        <source>&amp;Not Yet</source>
        <translation>&amp;Pas encore</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="73"/>
        <source>“%1” is ready. Deactivate “%2” once the new key is deployed.</source>
        <translation>«&#xa0;%1&#xa0;» est prête. Désactivez «&#xa0;%2&#xa0;» une fois la nouvelle clé déployée.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="83"/>
        <source>Could not deactivate “%1”: %2</source>
        <translation>Impossible de désactiver «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="85"/>
        <source>“%1” is deactivated.</source>
        <translation>«&#xa0;%1&#xa0;» est désactivée.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="94"/>
        <source>“%1” is deactivated. Delete it now? You can also delete it later from the Keys menu.</source>
        <translation>«&#xa0;%1&#xa0;» est désactivée. La supprimer maintenant&#xa0;? Vous pouvez aussi la supprimer plus tard depuis le menu Clés.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="96"/>
        <source>&amp;Delete Key</source>
        <translation>&amp;Supprimer la clé</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="96"/>
        <source>&amp;Keep It</source>
        <translation>&amp;Garder</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="110"/>
        <source>Rotation done; “%1” is inactive and can be deleted later.</source>
        <translation>Renouvellement terminé&#xa0;; «&#xa0;%1&#xa0;» est inactive et pourra être supprimée plus tard.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="121"/>
        <source>Could not delete “%1”: %2</source>
        <translation>Impossible de supprimer «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="124"/>
        <source>Rotation done; “%1” was deleted.</source>
        <translation>Renouvellement terminé&#xa0;; «&#xa0;%1&#xa0;» a été supprimée.</translation>
    </message>
</context>
<context>
    <name>Router</name>
    <message>
        <location filename="../src/server/Router.cpp" line="46"/>
        <source>%1 is not allowed here; use %2.</source>
        <translation>%1 n’est pas autorisé ici&#xa0;; utilisez %2.</translation>
    </message>
    <message>
        <location filename="../src/server/Router.cpp" line="51"/>
        <source>There is nothing at %1.</source>
        <translation>Il n’y a rien à %1.</translation>
    </message>
</context>
<context>
    <name>RunCommands</name>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="49"/>
        <source>Print one secret or token for a script: keydesk-cli read keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token].</source>
        <translation>Afficher un secret ou un jeton pour un script&#xa0;: keydesk-cli read keydesk://&lt;connexion&gt;/&lt;identifiant&gt;[/secret|/token].</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="53"/>
        <source>keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token]</source>
        <translation>keydesk://&lt;connexion&gt;/&lt;identifiant&gt;[/secret|/token]</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="54"/>
        <source>Print a secret even to a terminal</source>
        <translation>Afficher un secret même sur un terminal</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="59"/>
        <source>read takes one keydesk:// reference.</source>
        <translation>read attend une seule référence keydesk://.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="66"/>
        <source>That would show the value on this terminal; add --reveal, or pipe it to the program that needs it.</source>
        <translation>La valeur s’afficherait sur ce terminal&#xa0;; ajoutez --reveal, ou redirigez-la vers le programme qui en a besoin.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="82"/>
        <source>Run a program with secrets and tokens in its environment: keydesk-cli run --env API_KEY=&lt;credential&gt;[:secret|:token] -- program arguments…</source>
        <translation>Lancer un programme avec des secrets et des jetons dans son environnement&#xa0;: keydesk-cli run --env API_KEY=&lt;identifiant&gt;[:secret|:token] -- programme arguments…</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="85"/>
        <source>The program and its arguments, after --</source>
        <translation>Le programme et ses arguments, après --</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="86"/>
        <source>NAME=&lt;credential&gt;[:secret|:token] (repeatable)</source>
        <translation>NOM=&lt;identifiant&gt;[:secret|:token] (répétable)</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="87"/>
        <source>assignment</source>
        <translation>affectation</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="90"/>
        <source>A .env file; keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token] values are resolved, the rest passed on as they are (repeatable)</source>
        <translation>Un fichier .env&#xa0;; les valeurs keydesk://&lt;connexion&gt;/&lt;identifiant&gt;[/secret|/token] sont résolues, les autres transmises telles quelles (répétable)</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="92"/>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="94"/>
        <source>Do not conceal the values in the program&apos;s output</source>
        <translation>Ne pas masquer les valeurs dans la sortie du programme</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="100"/>
        <source>Name the program to run after --.</source>
        <translation>Indiquez le programme à lancer après --.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="126"/>
        <source>--env takes NAME=&lt;credential&gt;[:secret|:token], with NAME made of letters, digits and _; not “%1”.</source>
        <translation>--env attend NOM=&lt;identifiant&gt;[:secret|:token], NOM fait de lettres, chiffres et _&#xa0;; pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="135"/>
        <source>Give at least one --env or an --env-file with a keydesk:// value.</source>
        <translation>Indiquez au moins un --env ou un --env-file contenant une valeur keydesk://.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="150"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="153"/>
        <source>%1 is larger than 1 MB; it is not an .env file.</source>
        <translation>%1 dépasse 1 Mo&#xa0;; ce n’est pas un fichier .env.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="167"/>
        <source>%1, line %2: write NAME=value (NAME made of letters, digits and _).</source>
        <translation>%1, ligne %2&#xa0;: écrivez NOM=valeur (NOM fait de lettres, chiffres et _).</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="199"/>
        <source>“%1” signs with a private key, which never leaves the OS keychain: ask for a token instead (:token, or /token in a keydesk:// reference).</source>
        <translation>«&#xa0;%1&#xa0;» signe avec une clé privée, qui ne quitte jamais le trousseau du système&#xa0;: demandez plutôt un jeton (:token, ou /token dans une référence keydesk://).</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="210"/>
        <source>“%1” is an API key: it has no token. Ask for its secret (:secret).</source>
        <translation>«&#xa0;%1&#xa0;» est une clé d’API&#xa0;: elle n’a pas de jeton. Demandez son secret (:secret).</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="251"/>
        <source>cannot start %1: %2</source>
        <translation>impossible de lancer %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <location filename="../ui/SecretDialog.ui" line="6"/>
        <source>Your new API key</source>
        <translation>Votre nouvelle clé d’API</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="10"/>
        <source>&lt;b&gt;Copy the secret now.&lt;/b&gt; It is shown only this once: after you close this window nobody, KeyDesk included, can show it again.</source>
        <translation>&lt;b&gt;Copiez le secret maintenant.&lt;/b&gt; Il n’est affiché que cette fois&#xa0;: une fois cette fenêtre fermée, personne, pas même KeyDesk, ne pourra l’afficher à nouveau.</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="16"/>
        <location filename="../src/gui/SecretDialog.cpp" line="47"/>
        <source>Key ID</source>
        <translation>ID de clé</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="15"/>
        <location filename="../ui/SecretDialog.ui" line="18"/>
        <location filename="../ui/SecretDialog.ui" line="22"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="13"/>
        <location filename="../src/gui/SecretDialog.cpp" line="51"/>
        <source>Project ID</source>
        <translation>ID du projet</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="19"/>
        <location filename="../src/gui/SecretDialog.cpp" line="95"/>
        <source>Secret</source>
        <translation>Secret</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="21"/>
        <location filename="../src/gui/SecretDialog.cpp" line="43"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="25"/>
        <source>Keep in the OS keychain for token generation</source>
        <translation>Conserver dans le trousseau du système pour générer des jetons</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="26"/>
        <source>I have stored this secret</source>
        <translation>J’ai enregistré ce secret</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="39"/>
        <source>Keep in the OS keychain (no keychain is available)</source>
        <translation>Conserver dans le trousseau (aucun trousseau disponible)</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="43"/>
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="78"/>
        <source>The secret of “%1”.</source>
        <translation>Le secret de «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="79"/>
        <source>The secret of “%1”, which replaces “%2”.</source>
        <translation>Le secret de «&#xa0;%1&#xa0;», qui remplace «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="81"/>
        <source>Your new API key: %1</source>
        <translation>Votre nouvelle clé d’API&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="82"/>
        <source>Rotated key: %1</source>
        <translation>Clé renouvelée&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="144"/>
        <source>The secret was not stored: %1</source>
        <translation>Le secret n’a pas été enregistré&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SecretPresenceMarks</name>
    <message>
        <location filename="../src/gui/SecretPresenceMarks.cpp" line="92"/>
        <source>secret not on this computer</source>
        <translation>secret absent de cet ordinateur</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretPresenceMarks.cpp" line="97"/>
        <source>no secret here</source>
        <translation>pas de secret ici</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretPresenceMarks.cpp" line="102"/>
        <source>This computer&apos;s keychain has no secret for this key: it was made on another computer, or the entry was removed. Ask whoever keeps it; if nobody can find it, deactivate the key and make a new one (or Replace Secret for a provider credential).</source>
        <translation>Le trousseau de cet ordinateur ne contient aucun secret pour cette clé&#xa0;: elle a été créée sur un autre ordinateur, ou l’entrée a été supprimée. Demandez à qui la conserve&#xa0;; si personne ne la trouve, désactivez la clé et créez-en une nouvelle (ou «&#xa0;Remplacer le secret&#xa0;» pour un identifiant de fournisseur).</translation>
    </message>
</context>
<context>
    <name>SecretReference</name>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="12"/>
        <source>“%1” is not a credential reference: %2</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une référence d’identifiant&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="30"/>
        <source>it must start with keydesk://.</source>
        <translation>elle doit commencer par keydesk://.</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="35"/>
        <location filename="../src/core/SecretReference.cpp" line="56"/>
        <source>write it as keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token].</source>
        <translation>écrivez-la keydesk://&lt;connexion&gt;/&lt;identifiant&gt;[/secret|/token].</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="43"/>
        <source>its last part must be secret or token.</source>
        <translation>sa dernière partie doit être secret ou token.</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="68"/>
        <source>it names no credential.</source>
        <translation>elle ne désigne aucun identifiant.</translation>
    </message>
</context>
<context>
    <name>SecretServiceCollection</name>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="14"/>
        <source>KeyDesk could not prepare the keychain&apos;s encryption.</source>
        <translation>KeyDesk n’a pas pu préparer le chiffrement pour le trousseau.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="22"/>
        <source>The OS keychain (%1) sent an unusable key for encrypting secrets; nothing was sent to it.</source>
        <translation>Le trousseau du système (%1) a envoyé une clé de chiffrement inutilisable&#xa0;; rien ne lui a été transmis.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="63"/>
        <source>No keyring was created in %1, so the secret cannot be stored. Nothing was changed.</source>
        <translation>Aucun trousseau n’a été créé dans %1, le secret ne peut donc pas être enregistré. Rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="90"/>
        <source>The OS keychain (%1) is locked.</source>
        <translation>Le trousseau du système (%1) est verrouillé.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="94"/>
        <source>The OS keychain (%1) is locked and was not unlocked. Unlock it and retry; nothing was changed.</source>
        <translation>Le trousseau du système (%1) est verrouillé et n’a pas été déverrouillé. Déverrouillez-le et réessayez&#xa0;; rien n’a été modifié.</translation>
    </message>
</context>
<context>
    <name>SecretServiceJob</name>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="75"/>
        <source>The OS keychain cannot be reached: there is no D-Bus session bus. KeyDesk keeps working with key details only; secrets cannot be stored or read.</source>
        <translation>Le trousseau du système est injoignable&#xa0;: il n’y a pas de bus de session D-Bus. KeyDesk continue avec les seuls détails des clés&#xa0;; les secrets ne peuvent être ni enregistrés ni lus.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="139"/>
        <source>The OS keychain (%1) quit before it answered. Start it again and retry.</source>
        <translation>Le trousseau du système (%1) s’est arrêté avant de répondre. Relancez-le et réessayez.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="188"/>
        <source>The OS keychain (%1) is locked. Unlock it and retry.</source>
        <translation>Le trousseau du système (%1) est verrouillé. Déverrouillez-le et réessayez.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="198"/>
        <source>The OS keychain (%1) refused access to the secret.</source>
        <translation>Le trousseau du système (%1) a refusé l’accès au secret.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="206"/>
        <source>The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps working with key details only; secrets cannot be stored or read.</source>
        <translation>Le trousseau du système est injoignable (aucun Secret Service sur le bus de session). KeyDesk continue avec les seuls détails des clés&#xa0;; les secrets ne peuvent être ni enregistrés ni lus.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="210"/>
        <source>The OS keychain (%1) reported an error.</source>
        <translation>Le trousseau du système (%1) a signalé une erreur.</translation>
    </message>
</context>
<context>
    <name>SecretServiceKeychain</name>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="45"/>
        <source>The OS keychain is asking you to unlock it or to allow access; KeyDesk waits for your answer.</source>
        <translation>Le trousseau du système vous demande de le déverrouiller ou d’autoriser l’accès&#xa0;; KeyDesk attend votre réponse.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="47"/>
        <source>%1 is asking you to unlock it or to allow access; KeyDesk waits for your answer.</source>
        <translation>%1 vous demande de déverrouiller la base ou d’autoriser l’accès&#xa0;; KeyDesk attend votre réponse.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="72"/>
        <source>Access to the secret was not allowed in %1. Nothing was changed.</source>
        <translation>L’accès au secret n’a pas été autorisé dans %1. Rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="116"/>
        <source>KeyDesk could not encrypt the secret for the keychain.</source>
        <translation>KeyDesk n’a pas pu chiffrer le secret pour le trousseau.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="124"/>
        <source>%1 did not allow the secret to be stored.</source>
        <translation>%1 n’a pas autorisé l’enregistrement du secret.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="136"/>
        <source>%1 said it stored the secret, but it is not there. Nothing was stored; unlock the keychain and retry.</source>
        <translation>%1 a indiqué avoir enregistré le secret, mais il n’y est pas. Rien n’a été enregistré&#xa0;; déverrouillez le trousseau et réessayez.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="156"/>
        <source>%1 did not take the new secret; the one it held before is still there.</source>
        <translation>%1 n’a pas pris le nouveau secret&#xa0;; l’ancien y est toujours.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="175"/>
        <source>The secret from the OS keychain could not be decrypted.</source>
        <translation>Le secret venu du trousseau du système n’a pas pu être déchiffré.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="187"/>
        <source>The OS keychain did not finish storing the secret in time, so it is not known to be stored. Nothing was dropped; retry once the keychain answers.</source>
        <translation>Le trousseau du système n’a pas fini d’enregistrer le secret à temps&#xa0;: on ne sait pas s’il est enregistré. Rien n’a été abandonné&#xa0;; réessayez dès que le trousseau répond.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="212"/>
        <source>The OS keychain did not hand over the secret in time.</source>
        <translation>Le trousseau du système n’a pas remis le secret à temps.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="218"/>
        <source>The OS keychain holds no secret for %1.</source>
        <translation>Le trousseau du système ne contient aucun secret pour %1.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="227"/>
        <source>The keychain entry for %1 is not in the form KeyDesk writes.</source>
        <translation>L’entrée du trousseau pour %1 n’a pas la forme qu’écrit KeyDesk.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="243"/>
        <source>%1 did not allow the secret to be deleted; it is still there.</source>
        <translation>%1 n’a pas autorisé la suppression du secret&#xa0;; il y est toujours.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="255"/>
        <source>The OS keychain did not confirm the deletion in time; the secret may still be there.</source>
        <translation>Le trousseau du système n’a pas confirmé la suppression à temps&#xa0;; le secret y est peut-être encore.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="263"/>
        <source>%1 said it deleted the secret, but it is still there.</source>
        <translation>%1 a indiqué avoir supprimé le secret, mais il y est toujours.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="275"/>
        <source>The OS keychain did not answer in time.</source>
        <translation>Le trousseau du système n’a pas répondu à temps.</translation>
    </message>
</context>
<context>
    <name>SelectedKeyView</name>
    <message>
        <location filename="../src/gui/SelectedKeyView.cpp" line="44"/>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <location filename="../src/gui/SelectedKeyView.cpp" line="129"/>
        <source>The connection picked on the left is not a connected KeyDesk service.</source>
        <translation>La connexion choisie à gauche n’est pas un service KeyDesk connecté.</translation>
    </message>
    <message>
        <location filename="../src/gui/SelectedKeyView.cpp" line="132"/>
        <source>The service is unreachable; refresh (F5) when it is back.</source>
        <translation>Le service est injoignable&#xa0;; actualisez (F5) quand il sera de nouveau disponible.</translation>
    </message>
</context>
<context>
    <name>ServerCommandLine</name>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="102"/>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="104"/>
        <source>Show the version.</source>
        <translation>Afficher la version.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="110"/>
        <source>path|url</source>
        <translation>chemin|url</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="120"/>
        <source>Address and port (default 127.0.0.1:8080).</source>
        <translation>Adresse et port (par défaut 127.0.0.1:8080).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="121"/>
        <source>host:port</source>
        <translation>hôte:port</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="124"/>
        <source>Serve plain HTTP on a non-loopback address (tokens and secrets cross the network in clear: only behind a TLS-terminating proxy on a trusted link).</source>
        <translation>Servir du HTTP en clair sur une adresse hors de cette machine (jetons et secrets circulent en clair&#xa0;: seulement derrière un proxy TLS sur un lien de confiance).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="130"/>
        <source>PEM certificate (chain) for HTTPS.</source>
        <translation>Certificat PEM (ou chaîne de certificats) pour HTTPS.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="117"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="131"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="135"/>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="53"/>
        <source>users wants list, add, set-role or remove.</source>
        <translation>users attend list, add, set-role ou remove.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="58"/>
        <source>users %1 wants --name: a letter, then up to 63 letters, digits or . _ @ + -.</source>
        <translation>users %1 attend --name&#xa0;: une lettre, puis jusqu’à 63 lettres, chiffres ou . _ @ + -.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="67"/>
        <source>users %1 wants --role owner, admin, support or viewer.</source>
        <translation>users %1 attend --role owner, admin, support ou viewer.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="79"/>
        <source>KeyDesk credential service: API keys and OAuth2 client-credentials tokens.

Commands:
  serve               serve the API (default)
  init                create the database and print a new admin token once
  rotate-admin-token  replace the admin token and print the new one once
  rotate-signing-key  sign tokens with a new key from now on (tokens signed
                      with older keys stay valid until they expire)
  users list          the people who may use the admin API, with their roles
  users add           add a person (--name, --role) and print their personal
                      token once
  users set-role      change a person&apos;s role (--name, --role)
  users remove        remove a person (--name); their token stops working at once

Roles: viewer reads projects, keys and events; support also activates and
deactivates keys; admin also creates and deletes keys and projects; owner also
manages people.</source>
        <translation>Service d’identifiants KeyDesk&#xa0;: clés d’API et jetons OAuth2 client-credentials.

Commandes&#xa0;:
  serve               servir l’API (par défaut)
  init                créer la base de données et afficher une seule fois un
                      nouveau jeton d’administration
  rotate-admin-token  remplacer le jeton d’administration et afficher le
                      nouveau une seule fois
  rotate-signing-key  signer désormais les jetons avec une nouvelle clé (les
                      jetons signés avec d’anciennes clés restent valides
                      jusqu’à leur expiration)
  users list          les personnes autorisées à utiliser l’API
                      d’administration, avec leurs rôles
  users add           ajouter une personne (--name, --role) et afficher une
                      seule fois son jeton personnel
  users set-role      changer le rôle d’une personne (--name, --role)
  users remove        retirer une personne (--name)&#xa0;; son jeton cesse aussitôt
                      de fonctionner

Rôles&#xa0;: viewer lit les projets, clés et événements&#xa0;; support active et
désactive aussi les clés&#xa0;; admin crée et supprime aussi les clés et projets&#xa0;;
owner gère aussi les personnes.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="98"/>
        <source>serve, init, rotate-admin-token, rotate-signing-key or users</source>
        <translation>serve, init, rotate-admin-token, rotate-signing-key ou users</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="107"/>
        <source>SQLite file, or postgresql://user@host:port/db?sslmode=verify-full&amp;... with any libpq parameter (default: ./keydesk-server.sqlite).</source>
        <translation>Fichier SQLite, ou postgresql://utilisateur@hôte:port/base?sslmode=verify-full&amp;... avec n’importe quel paramètre libpq (par défaut&#xa0;: ./keydesk-server.sqlite).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="114"/>
        <source>PostgreSQL password, first line of an owner-only file (else PGPASSWORD or ~/.pgpass; a password in the URL shows in the process list).</source>
        <translation>Mot de passe PostgreSQL, première ligne d’un fichier lisible par son seul propriétaire (sinon PGPASSWORD ou ~/.pgpass&#xa0;; un mot de passe dans l’URL apparaît dans la liste des processus).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="134"/>
        <source>PEM private key for HTTPS.</source>
        <translation>Clé privée PEM pour HTTPS.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="138"/>
        <source>Keys allowed per project (default 10).</source>
        <translation>Clés autorisées par projet (par défaut 10).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="139"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="148"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="152"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="157"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="161"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="167"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="171"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="181"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="185"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="191"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="142"/>
        <source>Access token lifetime in seconds (default 3600).</source>
        <translation>Durée de vie des jetons d’accès en secondes (par défaut 3600).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="143"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="196"/>
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="146"/>
        <source>Token requests a second per key, 0 = unlimited (default 20).</source>
        <translation>Demandes de jeton par seconde et par clé, 0 = illimité (par défaut 20).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="164"/>
        <source>Failed authentications a second per source address and per key id, 0 = unlimited (default 1).</source>
        <translation>Authentifications échouées par seconde, par adresse source et par ID de clé, 0 = illimité (par défaut 1).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="170"/>
        <source>Failed authentication burst (default 20).</source>
        <translation>Rafale d’authentifications échouées (par défaut 20).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="174"/>
        <source>A proxy&apos;s address whose X-Forwarded-For is believed for rate limits and logs (repeat, or separate with commas).</source>
        <translation>Adresse d’un proxy dont l’en-tête X-Forwarded-For est cru pour les limites de débit et le journal (à répéter, ou séparer par des virgules).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="177"/>
        <source>address</source>
        <translation>adresse</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="180"/>
        <source>Worker threads running requests (default 16).</source>
        <translation>Threads de travail qui exécutent les requêtes (par défaut 16).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="184"/>
        <source>Open connections allowed in all (default 10000).</source>
        <translation>Connexions ouvertes autorisées au total (par défaut 10000).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="188"/>
        <source>Open connections allowed from one address (default 256; raise it behind a proxy, whose connections all come from one address).</source>
        <translation>Connexions ouvertes autorisées depuis une même adresse (par défaut 256&#xa0;; à augmenter derrière un proxy, dont toutes les connexions viennent d’une seule adresse).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="151"/>
        <source>Token request burst (default 40).</source>
        <translation>Rafale de demandes de jeton (par défaut 40).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="155"/>
        <source>/health requests a second per key, 0 = unlimited (default 200).</source>
        <translation>Requêtes /health par seconde et par clé, 0 = illimité (par défaut 200).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="160"/>
        <source>/health burst (default 400).</source>
        <translation>Rafale de requêtes /health (par défaut 400).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="194"/>
        <source>Seconds a client may take to send a request (default 5).</source>
        <translation>Secondes accordées à un client pour envoyer une requête (par défaut 5).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="199"/>
        <source>A person&apos;s name, for the users commands.</source>
        <translation>Nom d’une personne, pour les commandes users.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="200"/>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="203"/>
        <source>owner, admin, support or viewer, for the users commands.</source>
        <translation>owner, admin, support ou viewer, pour les commandes users.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="205"/>
        <source>role</source>
        <translation>rôle</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="208"/>
        <source>Days the audit trail keeps events (default 400).</source>
        <translation>Jours de conservation des événements de l’historique (par défaut 400).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="209"/>
        <source>days</source>
        <translation>jours</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="212"/>
        <source>Do not log one line per request.</source>
        <translation>Ne pas journaliser une ligne par requête.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="234"/>
        <source>Give one command at most; got: %1</source>
        <translation>Indiquez au plus une commande&#xa0;; reçu&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="246"/>
        <source>Unknown command “%1”; use serve, init, rotate-admin-token, rotate-signing-key or users.</source>
        <translation>Commande inconnue «&#xa0;%1&#xa0;»&#xa0;; utilisez serve, init, rotate-admin-token, rotate-signing-key ou users.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="260"/>
        <source>--listen wants host:port, for example 127.0.0.1:8080 or [::1]:8080.</source>
        <translation>--listen attend hôte:port, par exemple 127.0.0.1:8080 ou [::1]:8080.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="270"/>
        <source>--listen %1 would serve plain HTTP to the network: give --tls-cert and --tls-key, listen on 127.0.0.1 behind a proxy, or say --allow-insecure-http.</source>
        <translation>--listen %1 servirait du HTTP en clair sur le réseau&#xa0;: indiquez --tls-cert et --tls-key, écoutez sur 127.0.0.1 derrière un proxy, ou précisez --allow-insecure-http.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="281"/>
        <source>--trusted-proxy wants an IP address; got “%1”.</source>
        <translation>--trusted-proxy attend une adresse IP&#xa0;; reçu&#xa0;: «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="309"/>
        <source>--%1 wants a whole number from %2 to %3.</source>
        <translation>--%1 attend un nombre entier de %2 à %3.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="322"/>
        <source>--%1 wants a number of requests a second, 0 or more.</source>
        <translation>--%1 attend un nombre de requêtes par seconde, 0 ou plus.</translation>
    </message>
</context>
<context>
    <name>ServiceClient</name>
    <message>
        <location filename="../src/net/ServiceClient.cpp" line="26"/>
        <source>The service sent a reply KeyDesk cannot read.</source>
        <translation>Le service a envoyé une réponse que KeyDesk ne peut pas lire.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceClient.cpp" line="102"/>
        <source>The service sent a reply larger than %1 MB; it was not read.</source>
        <translation>Le service a envoyé une réponse de plus de %1 Mo&#xa0;; elle n’a pas été lue.</translation>
    </message>
</context>
<context>
    <name>ServiceDatabase</name>
    <message>
        <location filename="../src/service/PrivateDatabaseFile.cpp" line="29"/>
        <source>%1 can be read by other users (mode %2); it holds the token signing key. Make it private first: chmod 600 %1</source>
        <translation>%1 est lisible par d’autres utilisateurs (mode %2)&#xa0;; il contient la clé de signature des jetons. Rendez-le d’abord privé&#xa0;: chmod 600 %1</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="144"/>
        <source>The database %1 cannot be reached.</source>
        <translation>La base de données %1 est injoignable.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="217"/>
        <source>open the service database %1</source>
        <translation>ouvrir la base de données du service %1</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="241"/>
        <source>configure the service database</source>
        <translation>configurer la base de données du service</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="291"/>
        <source>read the service database</source>
        <translation>lire la base de données du service</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="314"/>
        <source>write to the service database</source>
        <translation>écrire dans la base de données du service</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="337"/>
        <source>start a transaction</source>
        <translation>démarrer une transaction</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="349"/>
        <source>commit a transaction</source>
        <translation>valider une transaction</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="370"/>
        <source>There is no KeyDesk database at %1 yet; keydesk-server init --database %1 creates one.</source>
        <translation>Il n’y a pas encore de base KeyDesk à %1&#xa0;; keydesk-server init --database %1 en crée une.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="382"/>
        <source>Could not create the folder %1 for the service database.</source>
        <translation>Impossible de créer le dossier %1 pour la base de données du service.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="394"/>
        <source>open the service database</source>
        <translation>ouvrir la base de données du service</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="401"/>
        <source>upgrade the service database</source>
        <translation>mettre à niveau la base de données du service</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="423"/>
        <source>The service database was written by a newer keydesk-server (schema %1; this one knows up to %2). Upgrade keydesk-server.</source>
        <translation>La base de données du service a été écrite par un keydesk-server plus récent (schéma %1&#xa0;; celui-ci connaît jusqu’au %2). Mettez keydesk-server à jour.</translation>
    </message>
</context>
<context>
    <name>ServiceErrorText</name>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="21"/>
        <source>The service did not accept this token: check that it was copied whole, that it is for this server, and that it was not replaced or removed (keydesk-server users list shows who has one).</source>
        <translation>Le service n’a pas accepté ce jeton&#xa0;: vérifiez qu’il a été copié en entier, qu’il est pour ce serveur et qu’il n’a été ni remplacé ni supprimé (keydesk-server users list montre qui en a un).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="25"/>
        <source>The service does not know this item (it may have been deleted).</source>
        <translation>Le service ne connaît pas cet élément (il a peut-être été supprimé).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="28"/>
        <source>That name is taken there already; choose another.</source>
        <translation>Ce nom y est déjà pris&#xa0;; choisissez-en un autre.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="30"/>
        <source>The service refused the name: it starts with a letter and has up to 64 letters, digits, spaces and “-”, “_” or “.”.</source>
        <translation>Le service a refusé le nom&#xa0;: il commence par une lettre et compte jusqu’à 64 lettres, chiffres, espaces et «&#xa0;-&#xa0;», «&#xa0;_&#xa0;» ou «&#xa0;.&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="34"/>
        <source>The request lacked a value the service needs; nothing was changed.</source>
        <translation>Il manquait à la requête une valeur dont le service a besoin&#xa0;; rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="37"/>
        <source>The service refused a value of the wrong kind; nothing was changed.</source>
        <translation>Le service a refusé une valeur du mauvais type&#xa0;; rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="39"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="40"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="43"/>
        <source>The service could not read the request.</source>
        <translation>Le service n’a pas pu lire la requête.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="41"/>
        <source>The service could not serve the request.</source>
        <translation>Le service n’a pas pu traiter la requête.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="45"/>
        <source>The project has reached its key limit: delete a key it no longer needs first.</source>
        <translation>Le projet a atteint son nombre maximal de clés&#xa0;: supprimez d’abord une clé dont il n’a plus besoin.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="48"/>
        <source>The service refused the expiry: 7, 30, 90, 180 or 365 days, or never.</source>
        <translation>Le service a refusé l’expiration&#xa0;: 7, 30, 90, 180 ou 365&#xa0;jours, ou jamais.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="51"/>
        <source>The service refused the description (too long, or with control characters).</source>
        <translation>Le service a refusé la description (trop longue, ou avec des caractères de contrôle).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="54"/>
        <source>The service refused the status: a key is active or inactive.</source>
        <translation>Le service a refusé l’état&#xa0;: une clé est active ou inactive.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="56"/>
        <source>The service refused a parameter of the request.</source>
        <translation>Le service a refusé un paramètre de la requête.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="58"/>
        <source>The service refused the role: viewer, support, admin or owner.</source>
        <translation>Le service a refusé le rôle&#xa0;: viewer, support, admin ou owner.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="60"/>
        <source>The service must keep an owner: this would remove or demote the last one.</source>
        <translation>Le service doit garder un propriétaire&#xa0;: ceci supprimerait ou rétrograderait le dernier.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="62"/>
        <source>The service refused the token request as malformed.</source>
        <translation>Le service a refusé la demande de jeton comme mal formée.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="65"/>
        <source>The service gives tokens only for client credentials.</source>
        <translation>Le service ne délivre de jetons que pour des identifiants client.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="67"/>
        <source>The service did not accept the client id and secret: check that both were copied whole and that the key was not deleted.</source>
        <translation>Le service n’a pas accepté l’identifiant client et le secret&#xa0;: vérifiez qu’ils ont été copiés en entier et que la clé n’a pas été supprimée.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="70"/>
        <source>The request carried no key or token.</source>
        <translation>La requête ne portait ni clé ni jeton.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="72"/>
        <source>The service does not know this key: check that it was copied whole and that it was not deleted.</source>
        <translation>Le service ne connaît pas cette clé&#xa0;: vérifiez qu’elle a été copiée en entier et qu’elle n’a pas été supprimée.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="75"/>
        <source>This key has expired: rotate it.</source>
        <translation>Cette clé a expiré&#xa0;: renouvelez-la.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="76"/>
        <source>This key has been deactivated.</source>
        <translation>Cette clé a été désactivée.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="78"/>
        <source>The service did not accept the access token: get a new one.</source>
        <translation>Le service n’a pas accepté le jeton d’accès&#xa0;: obtenez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="79"/>
        <source>The access token has expired: get a new one.</source>
        <translation>Le jeton d’accès a expiré&#xa0;: obtenez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="81"/>
        <source>The request carried a header twice that may come only once.</source>
        <translation>La requête portait deux fois un en-tête qui ne peut venir qu’une fois.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="82"/>
        <source>Too many requests.</source>
        <translation>Trop de requêtes.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="84"/>
        <source>The service cannot reach its database right now.</source>
        <translation>Le service ne joint pas sa base de données pour le moment.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="86"/>
        <source>The service&apos;s storage is full; whoever runs it must free space.</source>
        <translation>Le stockage du service est plein&#xa0;; qui l’exploite doit libérer de la place.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="88"/>
        <source>The service had an internal problem. Try again later.</source>
        <translation>Le service a eu un problème interne. Réessayez plus tard.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="90"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="91"/>
        <source>The service is busy.</source>
        <translation>Le service est occupé.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="93"/>
        <source>The service stopped waiting for the request.</source>
        <translation>Le service a cessé d’attendre la requête.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="95"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="97"/>
        <source>The request was too large for the service.</source>
        <translation>La requête était trop volumineuse pour le service.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="99"/>
        <source>The service does not offer this call (it may be another version).</source>
        <translation>Le service ne propose pas cet appel (il s’agit peut-être d’une autre version).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="111"/>
        <source>This needs the %1 role; you are %2.</source>
        <translation>Il faut le rôle %1&#xa0;; vous avez %2.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="113"/>
        <source>Your role on the service does not allow this.</source>
        <translation>Votre rôle sur le service ne le permet pas.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="120"/>
        <source>The project already has %1 key, the most allowed: delete one it no longer needs first.</source>
        <translation>Le projet a déjà %1&#xa0;clé, le maximum permis&#xa0;: supprimez d’abord celle dont il n’a plus besoin.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="122"/>
        <source>The project already has %1 keys, the most allowed: delete one it no longer needs first.</source>
        <translation>Le projet a déjà %1&#xa0;clés, le maximum permis&#xa0;: supprimez d’abord une clé dont il n’a plus besoin.</translation>
    </message>
</context>
<context>
    <name>ServiceSessions</name>
    <message>
        <location filename="../src/usecases/ServiceSessions.cpp" line="65"/>
        <source>Your token for %1 could not be read from the OS keychain (%2); if it is gone, connect to the service again.</source>
        <translation>Votre jeton pour %1 n’a pas pu être lu dans le trousseau du système (%2)&#xa0;; s’il a disparu, connectez-vous de nouveau au service.</translation>
    </message>
</context>
<context>
    <name>SqlErrorMapper</name>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="42"/>
        <source>Could not %1: an entry with the same name exists.</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: une entrée du même nom existe déjà.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="49"/>
        <source>Could not %1: the database is in use by another program (another KeyDesk?). Close it and try again; nothing was changed.</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: la base de données est utilisée par un autre programme (un autre KeyDesk&#xa0;?). Fermez-le et réessayez&#xa0;; rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="57"/>
        <source>Could not %1: the database file or its folder is read-only.</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: le fichier de base de données ou son dossier est en lecture seule.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="63"/>
        <source>Could not %1: the disk is full. Nothing was changed.</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: le disque est plein. Rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="70"/>
        <source>Could not %1: writing to the disk failed (it may be full or failing). Nothing was changed.</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: l’écriture sur le disque a échoué (il est peut-être plein ou défaillant). Rien n’a été modifié.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="78"/>
        <source>Could not %1: the file is damaged or is not a KeyDesk database. It was left untouched.</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: le fichier est endommagé ou n’est pas une base de données KeyDesk. Il a été laissé intact.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="86"/>
        <source>Could not %1: the file cannot be opened or created there (check the folder&apos;s permissions).</source>
        <translation>KeyDesk n’a pas pu %1&#xa0;: le fichier ne peut pas être ouvert ou créé à cet endroit (vérifiez les droits du dossier).</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="93"/>
        <source>Could not %1.</source>
        <translation>KeyDesk n’a pas pu %1.</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../src/gui/StatusLine.cpp" line="15"/>
        <source>Clipboard clears in %1 s</source>
        <translation>Presse-papiers vidé dans %1 s</translation>
    </message>
</context>
<context>
    <name>TeamCommands</name>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="27"/>
        <source>Connection name or id (default: Local)</source>
        <translation>Nom ou ID de la connexion (par défaut&#xa0;: Local)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="28"/>
        <source>connection</source>
        <translation>connexion</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="51"/>
        <source>“%1” has no project “%2”; keydesk-cli projects lists them.</source>
        <translation>«&#xa0;%1&#xa0;» n’a pas de projet «&#xa0;%2&#xa0;»&#xa0;; keydesk-cli projects les liste.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="58"/>
        <source>KEYS</source>
        <translation>CLÉS</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="58"/>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="77"/>
        <source>Deleting “%2” also deletes its %1 key, at once and for good: every program using it stops working. Repeat with --yes to go ahead.</source>
        <translation>Supprimer «&#xa0;%2&#xa0;» supprime aussi sa clé (%1), immédiatement et définitivement&#xa0;: tout programme qui l’utilise cesse de fonctionner. Relancez avec --yes pour continuer.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="81"/>
        <source>Deleting “%2” also deletes its %1 keys, at once and for good: every program using them stops working. Repeat with --yes to go ahead.</source>
        <translation>Supprimer «&#xa0;%2&#xa0;» supprime aussi ses %1 clés, immédiatement et définitivement&#xa0;: tout programme qui les utilise cesse de fonctionner. Relancez avec --yes pour continuer.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="94"/>
        <source>Project “%2” deleted with its %1 key.</source>
        <translation>Projet «&#xa0;%2&#xa0;» supprimé avec sa clé (%1).</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="95"/>
        <source>Project “%2” deleted with %1 keys.</source>
        <translation>Projet «&#xa0;%2&#xa0;» supprimé avec %1 clés.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="104"/>
        <source>List, create, rename or delete a KeyDesk service&apos;s projects.</source>
        <translation>Lister, créer, renommer ou supprimer les projets d’un service KeyDesk.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="106"/>
        <source>list (default), create, rename or delete</source>
        <translation>list (par défaut), create, rename ou delete</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="107"/>
        <source>for rename and delete: its name or id</source>
        <translation>pour rename et delete&#xa0;: son nom ou son identifiant</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="109"/>
        <source>The new project&apos;s name</source>
        <translation>Le nouveau nom du projet</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="109"/>
        <source>name</source>
        <translation>nom</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="110"/>
        <source>Delete a project that still has keys</source>
        <translation>Supprimer un projet qui contient encore des clés</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="118"/>
        <source>projects takes list, create, rename or delete.</source>
        <translation>projects attend list, create, rename ou delete.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="123"/>
        <source>projects %1 needs --name.</source>
        <translation>projects %1 nécessite --name.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="142"/>
        <source>Name the project by its name or id.</source>
        <translation>Désignez le projet par son nom ou son identifiant.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="153"/>
        <source>Project %1 is now “%2”.</source>
        <translation>Le projet %1 s’appelle désormais «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="163"/>
        <source>Show the audit trail: who did what, when and from where.</source>
        <translation>Afficher l’historique&#xa0;: qui a fait quoi, quand et d’où.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="166"/>
        <source>Only this key&apos;s events (key id or name)</source>
        <translation>Uniquement les événements de cette clé (ID de clé ou nom)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="167"/>
        <source>key</source>
        <translation>clé</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="168"/>
        <source>Only this project&apos;s events (name or id)</source>
        <translation>Uniquement les événements de ce projet (nom ou identifiant)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="169"/>
        <source>project</source>
        <translation>projet</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="171"/>
        <source>At most this many events, newest first (default 50)</source>
        <translation>Au plus ce nombre d’événements, les plus récents d’abord (par défaut 50)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="171"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="173"/>
        <source>table, json or csv</source>
        <translation>table, json ou csv</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="173"/>
        <source>format</source>
        <translation>format</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="183"/>
        <source>--limit must be a number from 1 to 1000.</source>
        <translation>--limit doit être un nombre de 1 à 1000.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="186"/>
        <source>--format must be table, json or csv.</source>
        <translation>--format doit valoir table, json ou csv.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="226"/>
        <source>%1 cannot be reached (%2); these are the events seen before.</source>
        <translation>%1 est injoignable (%2)&#xa0;; voici les événements vus précédemment.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="245"/>
        <source>Who you are signed in as on a KeyDesk service, and what your role allows.</source>
        <translation>Sous quelle identité vous êtes connecté à un service KeyDesk, et ce que votre rôle permet.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="259"/>
        <source>%1 on %2, role %3</source>
        <translation>%1 sur %2, rôle %3</translation>
    </message>
</context>
<context>
    <name>TestCall</name>
    <message>
        <location filename="../src/net/TestCall.cpp" line="22"/>
        <source>The service said: “%1”</source>
        <translation>Le service a répondu&#xa0;: «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="30"/>
        <source>The key or token is invalid or has expired. Check that you copied all of it; generate a new one if it expired.</source>
        <translation>La clé ou le jeton est invalide ou a expiré. Vérifiez que vous l’avez copié en entier&#xa0;; générez-en un nouveau s’il a expiré.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="36"/>
        <source>These credentials have no access to this endpoint. Check the method and the address.</source>
        <translation>Ces identifiants n’ont pas accès à ce point de terminaison. Vérifiez la méthode et l’adresse.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="41"/>
        <source>Nothing answers at this address. Check the test URL.</source>
        <translation>Rien ne répond à cette adresse. Vérifiez l’URL de test.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="47"/>
        <source>Too many requests. The service asks to wait %1 s before trying again.</source>
        <translation>Trop de requêtes. Le service demande d’attendre %1&#xa0;s avant de réessayer.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="50"/>
        <source>Too many requests. Wait a moment and try again.</source>
        <translation>Trop de requêtes. Attendez un instant et réessayez.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="54"/>
        <source>The service has a problem of its own (server error). Check its status page or contact its support.</source>
        <translation>Le service a lui-même un problème (erreur serveur). Consultez sa page d’état ou contactez son support.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="58"/>
        <source>The service answered with an unexpected status.</source>
        <translation>Le service a répondu avec un état inattendu.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="75"/>
        <source>Not sent</source>
        <translation>Non envoyé</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="110"/>
        <location filename="../src/net/TestCall.cpp" line="117"/>
        <source>No answer (timeout)</source>
        <translation>Pas de réponse (délai dépassé)</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="118"/>
        <source>TLS error</source>
        <translation>Erreur TLS</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="119"/>
        <source>Not reachable</source>
        <translation>Injoignable</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="127"/>
        <source>%1 %2 in %3 ms</source>
        <translation>%1 %2 en %3 ms</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="128"/>
        <source>The credential works.</source>
        <translation>L’identifiant fonctionne.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="131"/>
        <source>Failed: %1 %2 (expected %3)</source>
        <translation>Échec&#xa0;: %1 %2 (attendu&#xa0;: %3)</translation>
    </message>
</context>
<context>
    <name>TestCredential</name>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="20"/>
        <source>“%1” has no test URL: add one to its connection.</source>
        <translation>«&#xa0;%1&#xa0;» n’a pas d’URL de test&#xa0;: ajoutez-en une à sa connexion.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="30"/>
        <source>Failed: no token</source>
        <translation>Échec&#xa0;: aucun jeton</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="56"/>
        <source>This key is deactivated, so the service refuses it. Activate it to use it again.</source>
        <translation>Cette clé est désactivée, le service la refuse donc. Activez-la pour l’utiliser de nouveau.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="61"/>
        <source>This key has expired, so the service refuses it. Rotate it or generate a new key.</source>
        <translation>Cette clé a expiré, le service la refuse donc. Renouvelez-la ou générez une nouvelle clé.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="62"/>
        <source>This credential has expired, so the service refuses it. Get a new secret from the vendor and replace the kept one.</source>
        <translation>Cet identifiant a expiré, le service le refuse donc. Obtenez un nouveau secret auprès du fournisseur et remplacez celui qui est conservé.</translation>
    </message>
</context>
<context>
    <name>TestToken</name>
    <message>
        <location filename="../src/usecases/TestToken.cpp" line="21"/>
        <source>The token has expired: generate a new one.</source>
        <translation>Le jeton a expiré&#xa0;: générez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestToken.cpp" line="22"/>
        <source>The service refused a token it issued itself: the key behind it was probably deactivated, deleted or rotated since. Check the key&apos;s status, then generate a new token.</source>
        <translation>Le service a refusé un jeton qu’il a lui-même émis&#xa0;: la clé derrière lui a sans doute été désactivée, supprimée ou renouvelée depuis. Vérifiez l’état de la clé, puis générez un nouveau jeton.</translation>
    </message>
</context>
<context>
    <name>TokenClient</name>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="23"/>
        <source>The token endpoint&apos;s reply is not a usable token: %1</source>
        <translation>La réponse du point de terminaison n’est pas un jeton utilisable&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="70"/>
        <source>KeyDesk form-encoded the id and secret as RFC 6749 asks; some servers expect them as curl -u sends them: try “HTTP Basic (as curl -u)” (--auth basic-raw).</source>
        <translation>KeyDesk a encodé l’identifiant et le secret comme le demande la RFC 6749&#xa0;; certains serveurs les attendent tels que curl -u les envoie&#xa0;: essayez «&#xa0;HTTP Basic (comme curl -u)&#xa0;» (--auth basic-raw).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="74"/>
        <source>KeyDesk sent the id and secret as curl -u does; servers that follow RFC 6749 expect them form-encoded: try “HTTP Basic (RFC 6749)” (--auth basic).</source>
        <translation>KeyDesk a envoyé l’identifiant et le secret comme curl -u&#xa0;; les serveurs conformes à la RFC 6749 les attendent encodés en formulaire&#xa0;: essayez «&#xa0;HTTP Basic (RFC 6749)&#xa0;» (--auth basic).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="83"/>
        <source>The issuer&apos;s metadata also lists client_secret_post: switch to it with “Form post” as Client authentication in Edit Provider Credential, or keydesk-cli connections set &lt;connection&gt; --auth post.</source>
        <translation>Les métadonnées de l’émetteur indiquent aussi client_secret_post&#xa0;: passez-y avec «&#xa0;Formulaire POST&#xa0;» comme authentification du client dans «&#xa0;Modifier l’identifiant de fournisseur&#xa0;», ou avec keydesk-cli connections set &lt;connection&gt; --auth post.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="119"/>
        <source>it is not a JSON object.</source>
        <translation>ce n’est pas un objet JSON.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="123"/>
        <source>access_token is missing.</source>
        <translation>access_token est absent.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="125"/>
        <source>access_token is longer than %1 KB.</source>
        <translation>access_token dépasse %1 Ko.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="128"/>
        <source>access_token contains characters a bearer token may not have (RFC 6750).</source>
        <translation>access_token contient des caractères interdits dans un jeton Bearer (RFC 6750).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="134"/>
        <source>token_type is “%1”, not Bearer.</source>
        <translation>token_type vaut «&#xa0;%1&#xa0;», pas Bearer.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="144"/>
        <source>expires_in is not a whole number of seconds.</source>
        <translation>expires_in n’est pas un nombre entier de secondes.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="146"/>
        <source>expires_in is zero or negative.</source>
        <translation>expires_in est nul ou négatif.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="149"/>
        <source>expires_in is more than a year (%1 s).</source>
        <translation>expires_in dépasse un an (%1 s).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="185"/>
        <source>A client id with a colon cannot be sent as HTTP Basic (as curl -u); choose HTTP Basic (RFC 6749).</source>
        <translation>Un ID client contenant un deux-points ne peut pas être envoyé en HTTP Basic (comme curl -u)&#xa0;; choisissez HTTP Basic (RFC 6749).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="243"/>
        <source>The token endpoint sent more than %1 KB; it was not read.</source>
        <translation>Le point de terminaison a envoyé plus de %1 Ko&#xa0;; rien n’a été lu.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="263"/>
        <source>The server refused the signed assertion: check that it has this credential&apos;s public key (keydesk-cli public-key) and the audience it expects.</source>
        <translation>Le serveur a refusé l’assertion signée&#xa0;: vérifiez qu’il a la clé publique de cet identifiant (keydesk-cli public-key) et l’audience qu’il attend.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="278"/>
        <source>Check the client ID and secret (if the vendor issued a new secret, replace the kept one), and that the credential is still active at the vendor.</source>
        <translation>Vérifiez l’ID client et le secret (si le fournisseur en a émis un nouveau, remplacez celui qui est conservé), et que l’identifiant est toujours actif chez le fournisseur.</translation>
    </message>
</context>
<context>
    <name>TokenCountdown</name>
    <message>
        <location filename="../src/core/TokenCountdown.cpp" line="33"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location filename="../src/core/TokenCountdown.cpp" line="35"/>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
</context>
<context>
    <name>TokenGenerator</name>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="6"/>
        <source>Token Generator</source>
        <translation>Générateur de jetons</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="10"/>
        <source>Cr&amp;edential</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="12"/>
        <source>&amp;Generate</source>
        <translation>&amp;Générer</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="17"/>
        <source>Access token</source>
        <translation>Jeton d’accès</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="19"/>
        <source>Pick a credential and press Generate: the access token appears here, hidden until you press Show.</source>
        <translation>Choisissez un identifiant et cliquez sur «&#xa0;Générer&#xa0;»&#xa0;: le jeton d’accès apparaît ici, masqué jusqu’à ce que vous cliquiez sur «&#xa0;Afficher&#xa0;».</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="20"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="26"/>
        <source>&amp;Renew</source>
        <translation>&amp;Renouveler</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="27"/>
        <source>Renew &amp;automatically before expiry</source>
        <translation>Renouveler &amp;automatiquement avant l’expiration</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="29"/>
        <source>Copy token</source>
        <translation>Copier le jeton</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="30"/>
        <source>Copy header</source>
        <translation>Copier l’en-tête</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="31"/>
        <source>Copy curl</source>
        <translation>Copier la commande curl</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="34"/>
        <source>Decoded JWT header and claims appear here.</source>
        <translation>L’en-tête et les revendications (claims) du JWT décodé s’affichent ici.</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="40"/>
        <source>&amp;Test token</source>
        <translation>&amp;Tester le jeton</translation>
    </message>
</context>
<context>
    <name>TokenGeneratorDialog</name>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="78"/>
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="78"/>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="83"/>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="89"/>
        <source>Authorization header</source>
        <translation>En-tête Authorization</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="95"/>
        <source>curl command</source>
        <translation>Commande curl</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="104"/>
        <source>No credential can be exchanged for a token yet: generate a key, or add an OAuth2 provider credential, and keep its secret in the keychain.</source>
        <translation>Aucun identifiant ne peut encore être échangé contre un jeton&#xa0;: générez une clé ou ajoutez un identifiant de fournisseur OAuth2, et conservez son secret dans le trousseau.</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="157"/>
        <source>Locked: the token was forgotten while you were away. Generate again.</source>
        <translation>Verrouillé&#xa0;: le jeton a été oublié pendant votre absence. Générez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="237"/>
        <source>Renewal failed: %1</source>
        <translation>Échec du renouvellement&#xa0;: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="256"/>
        <source>Bearer token; the provider did not say when it expires</source>
        <translation>Jeton Bearer&#xa0;; le fournisseur n’a pas indiqué quand il expire</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="257"/>
        <source>Bearer token</source>
        <translation>Jeton Bearer</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="261"/>
        <source>Not a JWT: an opaque token.</source>
        <translation>Pas un JWT&#xa0;: un jeton opaque.</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="306"/>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
</context>
<context>
    <name>TokenService</name>
    <message>
        <location filename="../src/service/TokenService.cpp" line="17"/>
        <source>Client authentication failed.</source>
        <translation>Échec de l’authentification du client.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="75"/>
        <source>This key expired on %1. Generate a new key.</source>
        <translation>Cette clé a expiré le %1. Générez une nouvelle clé.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="79"/>
        <source>This key has been deactivated.</source>
        <translation>Cette clé a été désactivée.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="96"/>
        <source>The API key is not valid. Check that you copied all of it.</source>
        <translation>La clé d’API n’est pas valide. Vérifiez que vous l’avez copiée en entier.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="124"/>
        <source>The access token has expired; request a new one.</source>
        <translation>Le jeton d’accès a expiré&#xa0;; demandez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="126"/>
        <source>The access token is not valid.</source>
        <translation>Le jeton d’accès n’est pas valide.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="134"/>
        <source>The key behind this access token no longer exists.</source>
        <translation>La clé associée à ce jeton d’accès n’existe plus.</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="15"/>
        <source>&amp;Show KeyDesk</source>
        <translation>&amp;Afficher KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="17"/>
        <source>&amp;Quit KeyDesk</source>
        <translation>&amp;Quitter KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="19"/>
        <source>KeyDesk</source>
        <translation>KeyDesk</translation>
    </message>
</context>
<context>
    <name>UrlPolicy</name>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="18"/>
        <source>The service address</source>
        <translation>L’adresse du service</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="20"/>
        <source>The token URL</source>
        <translation>L’URL du jeton</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="22"/>
        <source>The test URL</source>
        <translation>L’URL de test</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="24"/>
        <source>The issuer URL</source>
        <translation>L’URL de l’émetteur</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="46"/>
        <source>%1 is not a full address such as https://api.example.com/.</source>
        <translation>%1 n’est pas une adresse complète comme https://api.example.com/.</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="49"/>
        <source>%1 must not contain a user name or password; KeyDesk sends credentials itself.</source>
        <translation>%1 ne doit contenir ni nom d’utilisateur ni mot de passe&#xa0;; KeyDesk envoie lui-même les identifiants.</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="58"/>
        <source>%1 must use https: credentials must not cross the network unencrypted (plain http only to this machine).</source>
        <translation>%1 doit utiliser https&#xa0;: les identifiants ne doivent pas transiter en clair sur le réseau (http simple uniquement vers cette machine).</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="62"/>
        <source>%1 must be an https:// address.</source>
        <translation>%1 doit être une adresse https://.</translation>
    </message>
</context>
<context>
    <name>UserGuideWindow</name>
    <message>
        <location filename="../src/gui/UserGuideWindow.cpp" line="39"/>
        <source>KeyDesk User Guide</source>
        <translation>Guide de l’utilisateur de KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/gui/UserGuideWindow.cpp" line="41"/>
        <source>User guide</source>
        <translation>Guide de l’utilisateur</translation>
    </message>
    <message>
        <location filename="../src/gui/UserGuideWindow.cpp" line="60"/>
        <source>The user guide is not installed here (looked in %1).

It comes with the keydesk package (/usr/share/keydesk/help) and is docs/user-guide.md in KeyDesk&apos;s source.</source>
        <translation>Le guide de l’utilisateur n’est pas installé ici (cherché dans %1).

Il est fourni par le paquet keydesk (/usr/share/keydesk/help) et se trouve dans les sources de KeyDesk sous docs/user-guide.md.</translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <location filename="../src/usecases/Workstation.cpp" line="54"/>
        <source>Cannot create the data folder %1.</source>
        <translation>Impossible de créer le dossier de données %1.</translation>
    </message>
    <message>
        <location filename="../src/usecases/Workstation.cpp" line="169"/>
        <source>“%1” is not a KeyDesk service connection.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une connexion à un service KeyDesk.</translation>
    </message>
    <message>
        <location filename="../src/usecases/Workstation.cpp" line="182"/>
        <source>Your token for %1 is in the OS keychain, which cannot be reached.</source>
        <translation>Votre jeton pour %1 se trouve dans le trousseau du système, qui est injoignable.</translation>
    </message>
</context>
</TS>

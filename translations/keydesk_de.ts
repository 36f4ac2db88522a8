<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddProviderConnection</name>
    <message>
        <location filename="../src/usecases/AddProviderConnection.cpp" line="45"/>
        <source>A KeyDesk service is connected with your token for it, not set up as a vendor.</source>
        <translation>Ein KeyDesk-Dienst wird mit Ihrem Token dafür verbunden, nicht als Anbieter eingerichtet.</translation>
    </message>
    <message>
        <location filename="../src/usecases/AddProviderConnection.cpp" line="52"/>
        <source>An API-key connection needs a test URL, such as the vendor&apos;s health endpoint.</source>
        <translation>Eine API-Schlüssel-Verbindung braucht eine Test-URL, etwa den Health-Endpunkt des Anbieters.</translation>
    </message>
    <message>
        <location filename="../src/usecases/AddProviderConnection.cpp" line="63"/>
        <source>The expected status must be an HTTP status such as 204.</source>
        <translation>Der erwartete Status muss ein HTTP-Status sein, etwa 204.</translation>
    </message>
</context>
<context>
    <name>AdminRoutes</name>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="53"/>
        <source>The field “%1” is required.</source>
        <translation>Das Feld „%1“ ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="60"/>
        <source>The field “%1” must be a string.</source>
        <translation>Das Feld „%1“ muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <location filename="../src/server/AdminRoutes.cpp" line="85"/>
        <source>expires_in_days must be 7, 30, 90, 180, 365 or null.</source>
        <translation>expires_in_days muss 7, 30, 90, 180, 365 oder null sein.</translation>
    </message>
    <message>
        <location filename="../src/server/AdminRoutes.cpp" line="109"/>
        <source>status must be “active” or “inactive”.</source>
        <translation>status muss „active“ oder „inactive“ sein.</translation>
    </message>
    <message>
        <location filename="../src/server/AdminRoutes.cpp" line="120"/>
        <source>Send “status” or “description”.</source>
        <translation>Senden Sie „status“ oder „description“.</translation>
    </message>
    <message>
        <location filename="../src/server/Authorization.cpp" line="32"/>
        <source>This call needs your personal token in Authorization: Bearer.</source>
        <translation>Dieser Aufruf benötigt Ihr persönliches Token in Authorization: Bearer.</translation>
    </message>
</context>
<context>
    <name>AuditEventFormatter</name>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="44"/>
        <source>Used %1×</source>
        <translation>%1× verwendet</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="46"/>
        <source>Failed authentication %1×</source>
        <translation>%1× Authentifizierung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="49"/>
        <source>Created “%1”</source>
        <translation>„%1“ erstellt</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="50"/>
        <source>Created “%1” to replace %2</source>
        <translation>„%1“ erstellt als Ersatz für %2</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="53"/>
        <source>Rotated; successor %1</source>
        <translation>Rotiert; Nachfolger %1</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="55"/>
        <source>Activated</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="57"/>
        <source>Deactivated</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="59"/>
        <source>Description changed</source>
        <translation>Beschreibung geändert</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="61"/>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="63"/>
        <source>Project “%1” created</source>
        <translation>Projekt „%1“ erstellt</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="65"/>
        <source>Project renamed from “%1” to “%2”</source>
        <translation>Projekt von „%1“ in „%2“ umbenannt</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="68"/>
        <source>Project “%1” deleted with %2 keys</source>
        <translation>Projekt „%1“ mit %2 Schlüsseln gelöscht</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="71"/>
        <source>%1 added as %2</source>
        <translation>%1 als %2 hinzugefügt</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="73"/>
        <source>%1 changed from %2 to %3</source>
        <translation>%1 von %2 zu %3 geändert</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="76"/>
        <source>%1 removed</source>
        <translation>%1 entfernt</translation>
    </message>
    <message>
        <location filename="../src/core/AuditEventFormatter.cpp" line="78"/>
        <source>Token signing key rotated</source>
        <translation>Token-Signaturschlüssel rotiert</translation>
    </message>
</context>
<context>
    <name>AuditEventJson</name>
    <message>
        <location filename="../src/core/AuditEventJson.cpp" line="37"/>
        <source>The service sent an event KeyDesk cannot read.</source>
        <translation>Der Dienst hat ein Ereignis gesendet, das KeyDesk nicht lesen kann.</translation>
    </message>
</context>
<context>
    <name>AuthRoutes</name>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="30"/>
        <source>The parameter “%1” was sent more than once.</source>
        <translation>Der Parameter „%1“ wurde mehrfach gesendet.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="45"/>
        <source>The parameter “%1” must be a string.</source>
        <translation>Der Parameter „%1“ muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="54"/>
        <source>Send the token request as application/x-www-form-urlencoded or application/json.</source>
        <translation>Senden Sie die Token-Anfrage als application/x-www-form-urlencoded oder application/json.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="76"/>
        <source>grant_type is required.</source>
        <translation>grant_type ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="82"/>
        <source>Only grant_type=client_credentials is supported.</source>
        <translation>Nur grant_type=client_credentials wird unterstützt.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="103"/>
        <source>Send the client credentials either in the Authorization header or in the body, not both.</source>
        <translation>Senden Sie die Client-Zugangsdaten entweder im Authorization-Header oder im Anfragekörper, nicht in beiden.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="114"/>
        <source>Client authentication failed: send client_id and client_secret.</source>
        <translation>Client-Authentifizierung fehlgeschlagen: Senden Sie client_id und client_secret.</translation>
    </message>
    <message>
        <location filename="../src/server/AuthRoutes.cpp" line="141"/>
        <source>Send an API key in X-API-Key or an access token in Authorization: Bearer.</source>
        <translation>Senden Sie einen API-Schlüssel in X-API-Key oder ein Zugriffstoken in Authorization: Bearer.</translation>
    </message>
</context>
<context>
    <name>AuthThrottle</name>
    <message>
        <location filename="../src/service/AuthThrottle.cpp" line="41"/>
        <source>Too many requests; retry in %1 second.</source>
        <translation>Zu viele Anfragen; versuchen Sie es in %1 Sekunde erneut.</translation>
    </message>
    <message>
        <location filename="../src/service/AuthThrottle.cpp" line="42"/>
        <source>Too many requests; retry in %1 seconds.</source>
        <translation>Zu viele Anfragen; versuchen Sie es in %1 Sekunden erneut.</translation>
    </message>
</context>
<context>
    <name>ChangeKeyStatus</name>
    <message>
        <location filename="../src/usecases/ChangeKeyStatus.cpp" line="18"/>
        <source>A key can be activated or deactivated.</source>
        <translation>Ein Schlüssel kann nur aktiviert oder deaktiviert werden.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ChangeKeyStatus.cpp" line="20"/>
        <source>Not connected to the service of “%1”: nothing was changed.</source>
        <translation>Keine Verbindung zum Dienst von „%1“: Es wurde nichts geändert.</translation>
    </message>
</context>
<context>
    <name>CliOutput</name>
    <message>
        <location filename="../src/cli/CliOutput.cpp" line="56"/>
        <source>Unexpected argument “%1”.</source>
        <translation>Unerwartetes Argument „%1“.</translation>
    </message>
</context>
<context>
    <name>CliSession</name>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="64"/>
        <source>There is no connection “%1” (see keydesk-cli connections).</source>
        <translation>Es gibt keine Verbindung „%1“ (siehe keydesk-cli connections).</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="90"/>
        <source>No credential has the key id or name “%1”.</source>
        <translation>Es gibt keine Zugangsdaten mit der Schlüssel-ID oder dem Namen „%1“.</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="96"/>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="99"/>
        <source>“%1” names several credentials: %2. Add --connection, write CONNECTION/%1, or use the key id.</source>
        <translation>„%1“ bezeichnet mehrere Zugangsdaten: %2. Geben Sie --connection an, schreiben Sie VERBINDUNG/%1 oder verwenden Sie die Schlüssel-ID.</translation>
    </message>
    <message>
        <location filename="../src/cli/CliSession.cpp" line="150"/>
        <source>Done, but this computer&apos;s copy of the keys could not be brought up to date (%1); the next command that reaches the service tries again.</source>
        <translation>Erledigt, aber die Kopie der Schlüssel auf diesem Computer konnte nicht aktualisiert werden (%1); der nächste Befehl, der den Dienst erreicht, versucht es erneut.</translation>
    </message>
</context>
<context>
    <name>ClientAssertion</name>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="60"/>
        <source>The private key could not be written.</source>
        <translation>Der private Schlüssel konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="83"/>
        <source>The private key could not be decrypted: is the passphrase right?</source>
        <translation>Der private Schlüssel konnte nicht entschlüsselt werden: Stimmt die Passphrase?</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="86"/>
        <source>This is not a PEM private key (PKCS#8 or a traditional RSA or EC key).</source>
        <translation>Das ist kein privater PEM-Schlüssel (PKCS#8 oder ein klassischer RSA- oder EC-Schlüssel).</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="93"/>
        <source>RSA keys need at least 2048 bits for RS256.</source>
        <translation>RSA-Schlüssel brauchen für RS256 mindestens 2048 Bit.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="97"/>
        <source>RSA keys of more than 8192 bits are not supported.</source>
        <translation>RSA-Schlüssel mit mehr als 8192 Bit werden nicht unterstützt.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="104"/>
        <source>EC keys must be on the P-256 curve for ES256.</source>
        <translation>EC-Schlüssel müssen für ES256 auf der Kurve P-256 liegen.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="106"/>
        <source>Only RSA (RS256) and P-256 EC (ES256) keys are supported.</source>
        <translation>Nur RSA- (RS256) und P-256-EC-Schlüssel (ES256) werden unterstützt.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="148"/>
        <source>OpenSSL could not generate a key pair.</source>
        <translation>OpenSSL konnte kein Schlüsselpaar erzeugen.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="190"/>
        <source>The public key could not be written.</source>
        <translation>Der öffentliche Schlüssel konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="226"/>
        <source>OpenSSL could not produce random bytes.</source>
        <translation>OpenSSL konnte keine Zufallsbytes erzeugen.</translation>
    </message>
    <message>
        <location filename="../src/net/ClientAssertion.cpp" line="246"/>
        <location filename="../src/net/ClientAssertion.cpp" line="250"/>
        <location filename="../src/net/ClientAssertion.cpp" line="257"/>
        <source>The client assertion could not be signed.</source>
        <translation>Die Client-Assertion konnte nicht signiert werden.</translation>
    </message>
</context>
<context>
    <name>ClientKey</name>
    <message>
        <location filename="../src/usecases/ClientKey.cpp" line="15"/>
        <source>That is too long for a private key.</source>
        <translation>Das ist zu lang für einen privaten Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ClientKey.cpp" line="19"/>
        <source>Paste the private key or load it from a file.</source>
        <translation>Fügen Sie den privaten Schlüssel ein oder laden Sie ihn aus einer Datei.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ClientKey.cpp" line="48"/>
        <source>%1 authenticates with a secret, not a key pair.</source>
        <translation>%1 authentifiziert sich mit einem Geheimnis, nicht mit einem Schlüsselpaar.</translation>
    </message>
</context>
<context>
    <name>ConnectService</name>
    <message>
        <location filename="../src/usecases/ConnectService.cpp" line="22"/>
        <source>Enter the service&apos;s address, for example https://keys.example.org.</source>
        <translation>Geben Sie die Adresse des Dienstes ein, zum Beispiel https://keys.example.org.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ConnectService.cpp" line="36"/>
        <source>Enter your token for the service (keydesk-server init or users add printed it).</source>
        <translation>Geben Sie Ihr Token für den Dienst ein (keydesk-server init oder users add hat es ausgegeben).</translation>
    </message>
    <message>
        <location filename="../src/usecases/ConnectService.cpp" line="108"/>
        <source>The token could not be kept in the OS keychain: %1</source>
        <translation>Das Token konnte nicht im Schlüsselbund des Systems aufbewahrt werden: %1</translation>
    </message>
</context>
<context>
    <name>ConnectServiceDialog</name>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="6"/>
        <source>Connect to a KeyDesk service</source>
        <translation>Mit einem KeyDesk-Dienst verbinden</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="9"/>
        <source>Work on a team&apos;s keydesk-server next to your local keys. Paste the personal token its owner gave you (keydesk-server users add prints it); what you may do there follows its role. The token is kept in the OS keychain, never in settings.</source>
        <translation>Arbeiten Sie neben Ihren lokalen Schlüsseln mit dem keydesk-server Ihres Teams. Fügen Sie das persönliche Token ein, das Ihnen dessen Eigentümer gegeben hat (keydesk-server users add gibt es aus); was Sie dort dürfen, folgt seiner Rolle. Das Token wird im Schlüsselbund des Systems aufbewahrt, nie in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="12"/>
        <source>Service &amp;URL</source>
        <translation>Dienst-&amp;URL</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="13"/>
        <source>https://keys.example.org</source>
        <translation>https://keys.example.org</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="14"/>
        <source>&amp;Personal token</source>
        <translation>&amp;Persönliches Token</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="15"/>
        <source>kda_…</source>
        <translation>kda_…</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="16"/>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../ui/ConnectServiceDialog.ui" line="17"/>
        <source>What KeyDesk calls this connection here and in keydesk-cli; empty: the service&apos;s host</source>
        <translation>Wie KeyDesk diese Verbindung hier und in keydesk-cli nennt; leer: der Host des Dienstes</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectServiceDialog.cpp" line="18"/>
        <source>C&amp;onnect</source>
        <translation>&amp;Verbinden</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <location filename="../src/core/Connection.cpp" line="29"/>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <location filename="../src/core/Connection.cpp" line="38"/>
        <source>Enter a name for the connection.</source>
        <translation>Geben Sie einen Namen für die Verbindung ein.</translation>
    </message>
    <message>
        <location filename="../src/core/Connection.cpp" line="42"/>
        <source>A connection name has at most 64 characters.</source>
        <translation>Ein Verbindungsname hat höchstens 64 Zeichen.</translation>
    </message>
    <message>
        <location filename="../src/core/Connection.cpp" line="46"/>
        <source>A connection name cannot contain control or invisible formatting characters.</source>
        <translation>Ein Verbindungsname darf keine Steuerzeichen oder unsichtbaren Formatierungszeichen enthalten.</translation>
    </message>
</context>
<context>
    <name>ConnectionCommands</name>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="49"/>
        <source>keydesk, oauth2 or apikey</source>
        <translation>keydesk, oauth2 oder apikey</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="50"/>
        <source>type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="52"/>
        <source>Connection name</source>
        <translation>Name der Verbindung</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="53"/>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="56"/>
        <source>Service URL (keydesk) or token URL (oauth2)</source>
        <translation>Dienst-URL (keydesk) oder Token-URL (oauth2)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="57"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="64"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="94"/>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="60"/>
        <source>OAuth2 issuer URL: the token URL and client authentication are read from its metadata (RFC 8414 or OpenID Connect Discovery)</source>
        <translation>OAuth2-Aussteller-URL: Token-URL und Client-Authentifizierung werden aus seinen Metadaten gelesen (RFC 8414 oder OpenID Connect Discovery)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="67"/>
        <source>Client authentication: basic (RFC 6749: id and secret form-encoded), basic-raw (as curl -u), post, json or private_key_jwt (a signed assertion, RFC 7523)</source>
        <translation>Client-Authentifizierung: basic (RFC 6749: ID und Geheimnis als Formularwerte kodiert), basic-raw (wie curl -u), post, json oder private_key_jwt (eine signierte Assertion, RFC 7523)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="71"/>
        <source>auth</source>
        <translation>Auth</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="74"/>
        <source>The token request&apos;s body with basic or basic-raw: form or json</source>
        <translation>Körper der Token-Anfrage bei basic oder basic-raw: form oder json</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="76"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="105"/>
        <source>format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="79"/>
        <source>Extra request header &apos;Name: value&apos; (repeatable)</source>
        <translation>Zusätzlicher Anfrage-Header &apos;Name: Wert&apos; (wiederholbar)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="80"/>
        <source>header</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="82"/>
        <source>OAuth2 scope</source>
        <translation>OAuth2-Scope</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="83"/>
        <source>scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="85"/>
        <source>OAuth2 audience</source>
        <translation>OAuth2-Audience</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="86"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="91"/>
        <source>audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="89"/>
        <source>private_key_jwt: the assertion&apos;s aud (default: the token URL)</source>
        <translation>private_key_jwt: das aud der Assertion (Standard: die Token-URL)</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="93"/>
        <source>URL for test calls</source>
        <translation>URL für Testaufrufe</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="96"/>
        <source>x-api-key or bearer</source>
        <translation>x-api-key oder bearer</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="97"/>
        <source>style</source>
        <translation>Stil</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="101"/>
        <source>Expected status of a test call</source>
        <translation>Erwarteter Status eines Testaufrufs</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="102"/>
        <source>status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="104"/>
        <source>show: text or json</source>
        <translation>show: text oder json</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="119"/>
        <source>List, show, add, change or remove the connections to services and vendors.</source>
        <translation>Verbindungen zu Diensten und Anbietern auflisten, anzeigen, hinzufügen, ändern oder entfernen.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="122"/>
        <source>list (default), show &lt;name&gt;, add, set &lt;name&gt; or remove &lt;name&gt;</source>
        <translation>list (Standard), show &lt;Name&gt;, add, set &lt;Name&gt; oder remove &lt;Name&gt;</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="136"/>
        <source>Name the connection: keydesk-cli connections %1 &lt;name&gt;.</source>
        <translation>Nennen Sie die Verbindung: keydesk-cli connections %1 &lt;Name&gt;.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="147"/>
        <source>connections takes list, show, add, set or remove.</source>
        <translation>connections erwartet list, show, add, set oder remove.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="156"/>
        <source>embedded</source>
        <translation>eingebettet</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="170"/>
        <source>--format must be text or json.</source>
        <translation>--format muss text oder json sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="240"/>
        <source>--body is for --auth basic or basic-raw; with post the body is a form, with json it is JSON.</source>
        <translation>--body gilt für --auth basic oder basic-raw; mit post ist der Anfragekörper ein Formular, mit json ist er JSON.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="259"/>
        <source>Renamed connection %1 to %2.</source>
        <translation>Verbindung %1 in %2 umbenannt.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="277"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="332"/>
        <source>--auth must be basic, basic-raw, post, json or private_key_jwt.</source>
        <translation>--auth muss basic, basic-raw, post, json oder private_key_jwt sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="287"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="356"/>
        <source>--body must be form or json.</source>
        <translation>--body muss form oder json sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="318"/>
        <source>Updated connection %1.</source>
        <translation>Verbindung %1 aktualisiert.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="326"/>
        <source>--type must be keydesk, oauth2 or apikey.</source>
        <translation>--type muss keydesk, oauth2 oder apikey sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="338"/>
        <source>Give --url or --issuer, not both.</source>
        <translation>Geben Sie --url oder --issuer an, nicht beides.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="342"/>
        <source>An apikey connection has no token endpoint: give its --test-url, not --url or --issuer.</source>
        <translation>Eine apikey-Verbindung hat keinen Token-Endpunkt: Geben Sie ihre --test-url an, nicht --url oder --issuer.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="347"/>
        <source>--url must be a full URL such as https://api.example.com/oauth/token.</source>
        <translation>--url muss eine vollständige URL wie https://api.example.com/oauth/token sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="373"/>
        <source>--expect must be an HTTP status such as 204.</source>
        <translation>--expect muss ein HTTP-Status wie 204 sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="387"/>
        <location filename="../src/cli/ConnectionCommands.cpp" line="405"/>
        <source>Added connection %1 (%2).</source>
        <translation>Verbindung %1 (%2) hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="396"/>
        <source>Your token for the service (input hidden):</source>
        <translation>Ihr Token für den Dienst (Eingabe verborgen):</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="398"/>
        <source>Give your token for the service on standard input.</source>
        <translation>Übergeben Sie Ihr Token für den Dienst über die Standardeingabe.</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="422"/>
        <source>Metadata: %1</source>
        <translation>Metadaten: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="423"/>
        <source>Token endpoint: %1</source>
        <translation>Token-Endpunkt: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="425"/>
        <source>Client authentication: %1</source>
        <translation>Client-Authentifizierung: %1</translation>
    </message>
    <message>
        <location filename="../src/cli/ConnectionCommands.cpp" line="427"/>
        <source>Scopes offered: %1</source>
        <translation>Angebotene Scopes: %1</translation>
    </message>
</context>
<context>
    <name>ConnectionsPane</name>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="33"/>
        <source>Rename Connection…</source>
        <translation>Verbindung umbenennen…</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="35"/>
        <source>Remove Connection…</source>
        <translation>Verbindung entfernen…</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="47"/>
        <source>Remove connection</source>
        <translation>Verbindung entfernen</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="50"/>
        <source>Remove “%2” and its %1 credential from this computer, with the secret in the OS keychain? Nothing changes at the service or the vendor.</source>
        <translation>„%2“ und %1 Zugangsdaten von diesem Computer entfernen, samt Geheimnis im Schlüsselbund des Systems? Beim Dienst oder Anbieter ändert sich nichts.</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="54"/>
        <source>Remove “%2” and its %1 credentials from this computer, with their secrets in the OS keychain? Nothing changes at the service or the vendor.</source>
        <translation>„%2“ und die %1 Zugangsdaten von diesem Computer entfernen, samt ihrer Geheimnisse im Schlüsselbund des Systems? Beim Dienst oder Anbieter ändert sich nichts.</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="58"/>
        <source>&amp;Remove Connection</source>
        <translation>Verbindung &amp;entfernen</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="68"/>
        <source>Rename connection</source>
        <translation>Verbindung umbenennen</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="69"/>
        <source>New name of “%1”:</source>
        <translation>Neuer Name für „%1“:</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="74"/>
        <source>“%1” is now called “%2”.</source>
        <translation>„%1“ heißt jetzt „%2“.</translation>
    </message>
</context>
<context>
    <name>CopyFeedback</name>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="9"/>
        <source>Clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="19"/>
        <source>%1 copied.</source>
        <translation>%1 kopiert.</translation>
    </message>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="35"/>
        <source>%1 copied. The clipboard clears in %2 s.</source>
        <translation>%1 kopiert. Die Zwischenablage wird in %2 s geleert.</translation>
    </message>
    <message>
        <location filename="../src/gui/CopyFeedback.cpp" line="39"/>
        <source>The clipboard was cleared.</source>
        <translation>Die Zwischenablage wurde geleert.</translation>
    </message>
</context>
<context>
    <name>CreateKey</name>
    <message>
        <location filename="../src/usecases/CreateKey.cpp" line="17"/>
        <source>A key expires in 7, 30, 90, 180 or 365 days, or never.</source>
        <translation>Ein Schlüssel läuft in 7, 30, 90, 180 oder 365 Tagen oder nie ab.</translation>
    </message>
</context>
<context>
    <name>CredentialJson</name>
    <message>
        <location filename="../src/core/CredentialJson.cpp" line="19"/>
        <source>The service sent a key in an unexpected form.</source>
        <translation>Der Dienst hat einen Schlüssel in unerwarteter Form gesendet.</translation>
    </message>
</context>
<context>
    <name>CredentialTarget</name>
    <message>
        <location filename="../src/usecases/CredentialTarget.cpp" line="31"/>
        <source>KeyDesk is not connected to the service “%1” right now; refresh when it is reachable.</source>
        <translation>KeyDesk ist derzeit nicht mit dem Dienst „%1“ verbunden; aktualisieren Sie, sobald er erreichbar ist.</translation>
    </message>
    <message>
        <location filename="../src/usecases/CredentialTarget.cpp" line="18"/>
        <source>The connection of “%1” is gone.</source>
        <translation>Die Verbindung von „%1“ existiert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>DatabaseUrl</name>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="58"/>
        <source>The PostgreSQL URL&apos;s hosts are not valid; expected host:port, or several as host1:port1,host2:port2.</source>
        <translation>Die Hosts der PostgreSQL-URL sind ungültig; erwartet wird host:port, oder mehrere als host1:port1,host2:port2.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="113"/>
        <source>No database was given (--database).</source>
        <translation>Es wurde keine Datenbank angegeben (--database).</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="140"/>
        <source>The PostgreSQL URL is not valid; expected postgresql://user:password@host:port/database (percent-encode special characters).</source>
        <translation>Die PostgreSQL-URL ist ungültig; erwartet wird postgresql://benutzer:passwort@host:port/datenbank (Sonderzeichen prozentkodieren).</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="165"/>
        <source>Give %1 in the URL itself, not as ?%1=.</source>
        <translation>Geben Sie %1 in der URL selbst an, nicht als ?%1=.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="169"/>
        <source>The PostgreSQL URL has an unknown parameter “%1”.</source>
        <translation>Die PostgreSQL-URL enthält den unbekannten Parameter „%1“.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="175"/>
        <source>The PostgreSQL parameter %1 cannot contain “;”.</source>
        <translation>Der PostgreSQL-Parameter %1 darf kein „;“ enthalten.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="223"/>
        <source>The database password in --database can be read by every user in the process list; use --database-password-file, PGPASSWORD or ~/.pgpass.</source>
        <translation>Das Datenbankpasswort in --database kann jeder Benutzer in der Prozessliste lesen; verwenden Sie --database-password-file, PGPASSWORD oder ~/.pgpass.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="229"/>
        <source>The connection to PostgreSQL at %1 does not check the server&apos;s certificate: whoever can reach the network path can read or change the keys and the signing keys. Add ?sslmode=verify-full&amp;sslrootcert=&lt;the CA&apos;s file&gt; to --database.</source>
        <translation>Die Verbindung zu PostgreSQL auf %1 prüft das Zertifikat des Servers nicht: Wer den Netzwerkweg erreicht, kann die Schlüssel und die Signaturschlüssel lesen oder ändern. Ergänzen Sie --database um ?sslmode=verify-full&amp;sslrootcert=&lt;Datei der Zertifizierungsstelle&gt;.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="276"/>
        <source>Cannot read the password file %1.</source>
        <translation>Die Passwortdatei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="279"/>
        <source>The password file %1 can be read by other users; run chmod 600 %1 first.</source>
        <translation>Die Passwortdatei %1 ist für andere Benutzer lesbar; führen Sie zuerst chmod 600 %1 aus.</translation>
    </message>
    <message>
        <location filename="../src/service/DatabaseUrl.cpp" line="290"/>
        <source>The password file %1 is empty.</source>
        <translation>Die Passwortdatei %1 ist leer.</translation>
    </message>
</context>
<context>
    <name>DeleteCredential</name>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="74"/>
        <source>Not connected to “%1”: nothing was deleted.</source>
        <translation>Keine Verbindung zu „%1“: Es wurde nichts gelöscht.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="21"/>
        <source>the keychain is locked</source>
        <translation>der Schlüsselbund ist gesperrt</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="23"/>
        <source>no keychain could be reached</source>
        <translation>kein Schlüsselbund war erreichbar</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="25"/>
        <source>the keychain refused</source>
        <translation>der Schlüsselbund hat abgelehnt</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="27"/>
        <source>the keychain did not answer in time</source>
        <translation>der Schlüsselbund hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="94"/>
        <source>This computer still lists it until the next refresh (%1).</source>
        <translation>Dieser Computer führt ihn bis zur nächsten Aktualisierung noch auf (%1).</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="102"/>
        <source>“%1” (%2) is deleted: the service refuses it from now on.</source>
        <translation>„%1“ (%2) ist gelöscht: Der Dienst weist ihn ab sofort ab.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="107"/>
        <source>Its secret was never kept on this computer.</source>
        <translation>Sein Geheimnis wurde auf diesem Computer nie aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="112"/>
        <source>Its secret is gone from this computer&apos;s keychain.</source>
        <translation>Sein Geheimnis ist aus dem Schlüsselbund dieses Computers entfernt.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="117"/>
        <source>Whether the OS keychain still holds a copy of its secret is not known: %1. If it does (service “keydesk”, account “%2”), remove it there with your keychain manager.</source>
        <translation>Ob der Schlüsselbund des Systems noch eine Kopie seines Geheimnisses enthält, ist nicht bekannt: %1. Falls ja (Dienst „keydesk“, Konto „%2“), entfernen Sie sie dort mit Ihrer Schlüsselbundverwaltung.</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="136"/>
        <source>Nothing was deleted: the OS keychain did not remove the secret of “%1”. %2</source>
        <translation>Es wurde nichts gelöscht: Der Schlüsselbund des Systems hat das Geheimnis von „%1“ nicht entfernt. %2</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="142"/>
        <source>The secret of “%1” is gone from the keychain, but the inventory still lists it: %2</source>
        <translation>Das Geheimnis von „%1“ wurde aus dem Schlüsselbund entfernt, aber das Inventar führt den Eintrag noch: %2</translation>
    </message>
    <message>
        <location filename="../src/usecases/DeleteCredential.cpp" line="147"/>
        <source>“%1” (%2) and its secret are deleted from this computer. The vendor still knows it: revoke it in the vendor&apos;s dashboard too.</source>
        <translation>„%1“ (%2) und sein Geheimnis wurden von diesem Computer gelöscht. Der Anbieter kennt die Zugangsdaten weiterhin: Widerrufen Sie sie auch im Dashboard des Anbieters.</translation>
    </message>
</context>
<context>
    <name>DialogActions</name>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="48"/>
        <source>No connected service has a project you may add keys to; an admin creates one first (Keys → New Project).</source>
        <translation>Kein verbundener Dienst hat ein Projekt, dem Sie Schlüssel hinzufügen dürfen; ein Admin erstellt zuerst eines (Schlüssel → Neues Projekt).</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="84"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung mit %1 wird hergestellt…</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="92"/>
        <source>Connected to %1: its keys are listed with the others.</source>
        <translation>Mit %1 verbunden: Seine Schlüssel stehen bei den anderen.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="106"/>
        <source>Credential added; its secret is in the OS keychain.</source>
        <translation>Zugangsdaten hinzugefügt; das Geheimnis liegt im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="108"/>
        <source>Credential added; its private key is in the OS keychain. Give the vendor its public key.</source>
        <translation>Zugangsdaten hinzugefügt; der private Schlüssel liegt im Schlüsselbund des Systems. Geben Sie dem Anbieter den öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="126"/>
        <source>“%1” is saved.</source>
        <translation>„%1“ ist gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="185"/>
        <source>Exported %1 key to %2.</source>
        <translation>%1 Schlüssel nach %2 exportiert.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="186"/>
        <source>Exported %1 keys to %2.</source>
        <translation>%1 Schlüssel nach %2 exportiert.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="192"/>
        <source>%1 key never expires and is not in the calendar.</source>
        <translation>%1 Schlüssel läuft nie ab und steht nicht im Kalender.</translation>
    </message>
    <message>
        <location filename="../src/gui/DialogActions.cpp" line="193"/>
        <source>%1 keys never expire and are not in the calendar.</source>
        <translation>%1 Schlüssel laufen nie ab und stehen nicht im Kalender.</translation>
    </message>
</context>
<context>
    <name>EditProvider</name>
    <message>
        <location filename="../src/usecases/EditProvider.cpp" line="14"/>
        <source>A KeyDesk service has no provider settings to edit.</source>
        <translation>Ein KeyDesk-Dienst hat keine Anbieter-Einstellungen, die sich bearbeiten ließen.</translation>
    </message>
</context>
<context>
    <name>EditProviderCredential</name>
    <message>
        <location filename="../src/usecases/EditProviderCredential.cpp" line="23"/>
        <source>A private key JWT credential needs a key: generate or load one.</source>
        <translation>Private-Key-JWT-Zugangsdaten brauchen einen Schlüssel: Erzeugen oder laden Sie einen.</translation>
    </message>
    <message>
        <location filename="../src/usecases/EditProviderCredential.cpp" line="24"/>
        <source>Paste the secret this client authentication sends.</source>
        <translation>Fügen Sie das Geheimnis ein, das diese Client-Authentifizierung sendet.</translation>
    </message>
</context>
<context>
    <name>EmptyInventoryAdvice</name>
    <message>
        <location filename="../src/gui/EmptyInventoryAdvice.cpp" line="23"/>
        <source>No keys yet. Generate your first key, add a credential a vendor gave you, or connect to your team&apos;s KeyDesk service.</source>
        <translation>Noch keine Schlüssel. Erzeugen Sie Ihren ersten Schlüssel, fügen Sie Zugangsdaten eines Anbieters hinzu, oder verbinden Sie sich mit dem KeyDesk-Dienst Ihres Teams.</translation>
    </message>
    <message>
        <location filename="../src/gui/EmptyInventoryAdvice.cpp" line="28"/>
        <source>Nothing from %1 yet: it has not been reached. Refresh (F5) when it is back.</source>
        <translation>Noch nichts von %1: Der Dienst wurde nicht erreicht. Aktualisieren Sie (F5), sobald er wieder da ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/EmptyInventoryAdvice.cpp" line="34"/>
        <source>No keys match the search and filters.</source>
        <translation>Kein Schlüssel passt zu Suche und Filtern.</translation>
    </message>
</context>
<context>
    <name>EventRoutes</name>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="21"/>
        <source>The parameter %1 must be %2.</source>
        <translation>Der Parameter %1 muss %2 sein.</translation>
    </message>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="33"/>
        <source>an RFC 3339 time</source>
        <translation>eine Zeitangabe nach RFC 3339</translation>
    </message>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="39"/>
        <source>a number from 1 to %1</source>
        <translation>eine Zahl von 1 bis %1</translation>
    </message>
    <message>
        <location filename="../src/server/EventRoutes.cpp" line="45"/>
        <source>a positive number</source>
        <translation>eine positive Zahl</translation>
    </message>
</context>
<context>
    <name>ExpiryOption</name>
    <message>
        <location filename="../src/core/ExpiryOption.cpp" line="44"/>
        <source>No expiry</source>
        <translation>Kein Ablauf</translation>
    </message>
    <message>
        <location filename="../src/core/ExpiryOption.cpp" line="45"/>
        <source>%1 day</source>
        <translation>%1 Tag</translation>
    </message>
    <message>
        <location filename="../src/core/ExpiryOption.cpp" line="46"/>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
</context>
<context>
    <name>ExpiryReminder</name>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="37"/>
        <source>API keys need attention</source>
        <translation>API-Schlüssel erfordern Aufmerksamkeit</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="39"/>
        <source>%1 key expires soon</source>
        <translation>%1 Schlüssel läuft bald ab</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="40"/>
        <source>%1 keys expire soon</source>
        <translation>%1 Schlüssel laufen bald ab</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="43"/>
        <source>%1 has expired.</source>
        <translation>%1 ist abgelaufen.</translation>
    </message>
    <message>
        <location filename="../src/gui/ExpiryReminder.cpp" line="44"/>
        <source>%1 have expired.</source>
        <translation>%1 sind abgelaufen.</translation>
    </message>
</context>
<context>
    <name>ExportInventory</name>
    <message>
        <location filename="../src/usecases/ExportInventory.cpp" line="40"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>GenerateKeyDialog</name>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="6"/>
        <source>Generate API Key</source>
        <translation>API-Schlüssel erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="12"/>
        <source>&amp;Project</source>
        <translation>&amp;Projekt</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="14"/>
        <source>&amp;Key name</source>
        <translation>&amp;Schlüsselname</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="18"/>
        <source>e.g. CI deploy key</source>
        <translation>z. B. CI-Deploy-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="19"/>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="148"/>
        <source>Starts with a letter; letters, digits, spaces, - _ . (up to 64).</source>
        <translation>Beginnt mit einem Buchstaben; Buchstaben, Ziffern, Leerzeichen, - _ . (bis 64).</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="22"/>
        <source>&amp;Description</source>
        <translation>&amp;Beschreibung</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="23"/>
        <source>What will use this key?</source>
        <translation>Wofür wird dieser Schlüssel verwendet?</translation>
    </message>
    <message>
        <location filename="../ui/GenerateKeyDialog.ui" line="24"/>
        <source>E&amp;xpire in</source>
        <translation>&amp;Läuft ab in</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="52"/>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="81"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="83"/>
        <source>The service and project the key belongs to; the project&apos;s id is shown with the secret.</source>
        <translation>Der Dienst und das Projekt, zu dem der Schlüssel gehört; die ID des Projekts wird mit dem Geheimnis angezeigt.</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="107"/>
        <source>%1 of %2 keys used in “%3”</source>
        <translation>%1 von %2 Schlüsseln in „%3“ belegt</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="110"/>
        <source>%1 of %2 keys used in “%3”: delete a key you no longer need first, or pick another project.</source>
        <translation>%1 von %2 Schlüsseln in „%3“ belegt: Löschen Sie zuerst einen nicht mehr benötigten Schlüssel oder wählen Sie ein anderes Projekt.</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="154"/>
        <source>✓ Valid name</source>
        <translation>✓ Gültiger Name</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="163"/>
        <source>expires %1</source>
        <translation>läuft ab am %1</translation>
    </message>
    <message>
        <location filename="../src/gui/GenerateKeyDialog.cpp" line="164"/>
        <source>never expires</source>
        <translation>läuft nie ab</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="21"/>
        <source>About KeyDesk</source>
        <translation>Über KeyDesk</translation>
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

Verwaltet API-Schlüssel und OAuth2-Client-Zugangsdaten: erstellt, rotiert und deaktiviert Schlüssel, holt und testet Tokens und bewahrt jedes Geheimnis im Schlüsselbund des Systems auf.

Lizenz: %6
Qt %2 (erstellt mit %3), QtKeychain %7
Datenordner: %4
Einstellungen: %5</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="56"/>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="59"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="60"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location filename="../src/gui/HelpDialogs.cpp" line="64"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>HttpExchange</name>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="104"/>
        <source>Send the request body as application/json.</source>
        <translation>Senden Sie den Anfragekörper als application/json.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="111"/>
        <source>The body is not valid JSON: %1.</source>
        <translation>Der Anfragekörper ist kein gültiges JSON: %1.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="115"/>
        <source>The body must be a JSON object.</source>
        <translation>Der Anfragekörper muss ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpExchange.cpp" line="126"/>
        <source>The Basic authorization header is malformed.</source>
        <translation>Der Basic-Authorization-Header ist fehlerhaft.</translation>
    </message>
</context>
<context>
    <name>HttpServer</name>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="12"/>
        <source>The request is malformed.</source>
        <translation>Die Anfrage ist fehlerhaft.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="15"/>
        <source>The request was not sent in time.</source>
        <translation>Die Anfrage wurde nicht rechtzeitig gesendet.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="18"/>
        <source>The request body is larger than the service accepts.</source>
        <translation>Der Anfragekörper ist größer, als der Dienst annimmt.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="22"/>
        <source>The request headers are too large.</source>
        <translation>Die Header der Anfrage sind zu groß.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="27"/>
        <source>The request could not be served.</source>
        <translation>Die Anfrage konnte nicht bearbeitet werden.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="34"/>
        <source>The service is busy; retry in a second.</source>
        <translation>Der Dienst ist ausgelastet; versuchen Sie es in einer Sekunde erneut.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="43"/>
        <source>Too many open connections; retry in a second.</source>
        <translation>Zu viele offene Verbindungen; versuchen Sie es in einer Sekunde erneut.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="51"/>
        <source>The request sends the %1 header more than once.</source>
        <translation>Die Anfrage sendet den Header %1 mehr als einmal.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="58"/>
        <source>The service hit an unexpected error.</source>
        <translation>Im Dienst ist ein unerwarteter Fehler aufgetreten.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="64"/>
        <source>TLS needs both --tls-cert and --tls-key.</source>
        <translation>TLS braucht sowohl --tls-cert als auch --tls-key.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="70"/>
        <source>Cannot read the TLS file %1.</source>
        <translation>Die TLS-Datei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="76"/>
        <source>The TLS certificate or key could not be loaded (PEM expected, and the key must match the certificate).</source>
        <translation>Das TLS-Zertifikat oder der Schlüssel konnte nicht geladen werden (PEM erwartet, und der Schlüssel muss zum Zertifikat passen).</translation>
    </message>
    <message>
        <location filename="../src/server/HttpLayerErrors.cpp" line="84"/>
        <source>Could not listen on %1:%2 (address in use, or not an address of this machine).</source>
        <translation>Auf %1:%2 kann nicht gelauscht werden (Adresse belegt oder keine Adresse dieses Rechners).</translation>
    </message>
</context>
<context>
    <name>ImportCredential</name>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="35"/>
        <source>Keys of a KeyDesk service are generated there, not imported.</source>
        <translation>Schlüssel eines KeyDesk-Dienstes werden dort erzeugt, nicht importiert.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="42"/>
        <source>Paste the client ID.</source>
        <translation>Fügen Sie die Client-ID ein.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="45"/>
        <source>Paste the secret; it goes to the OS keychain, never to disk.</source>
        <translation>Fügen Sie das Geheimnis ein; es wird im Schlüsselbund des Systems abgelegt, nie auf dem Datenträger.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="73"/>
        <source>A connection named “%1” of another kind exists; choose another name.</source>
        <translation>Es gibt bereits eine Verbindung anderer Art namens „%1“; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="133"/>
        <source>“%1” authenticates with a secret; give this private key JWT credential a connection of its own.</source>
        <translation>„%1“ authentifiziert sich mit einem Geheimnis; geben Sie diesen Private-Key-JWT-Zugangsdaten eine eigene Verbindung.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="136"/>
        <source>“%1” uses a private key JWT; paste no secret there, or give this credential a connection of its own.</source>
        <translation>„%1“ verwendet Private Key JWT; fügen Sie dort kein Geheimnis ein, oder geben Sie diesen Zugangsdaten eine eigene Verbindung.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ImportCredential.cpp" line="154"/>
        <source>Nothing was saved: the secret could not be kept in the OS keychain. %1</source>
        <translation>Es wurde nichts gespeichert: Das Geheimnis konnte nicht im Schlüsselbund des Systems aufbewahrt werden. %1</translation>
    </message>
</context>
<context>
    <name>ImportCredentialDialog</name>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="6"/>
        <source>Add a Provider Credential</source>
        <translation>Anbieter-Zugangsdaten hinzufügen</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="24"/>
        <source>&amp;Kind</source>
        <translation>A&amp;rt</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="27"/>
        <source>e.g. Monite sandbox</source>
        <translation>z. B. Monite-Sandbox</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="32"/>
        <source>Token endpoint (OAuth2 client credentials)</source>
        <translation>Token-Endpunkt (OAuth2 Client Credentials)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="34"/>
        <source>&amp;Issuer URL</source>
        <translation>Aussteller-&amp;URL</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="35"/>
        <source>https://auth.example.com (optional: fills the token URL)</source>
        <translation>https://auth.example.com (optional: füllt die Token-URL aus)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="35"/>
        <source>Read the server&apos;s OAuth2 metadata (RFC 8414 or OpenID Connect Discovery): its token URL, how clients authenticate, and the scopes it offers.</source>
        <translation>Die OAuth2-Metadaten des Servers lesen (RFC 8414 oder OpenID Connect Discovery): seine Token-URL, wie sich Clients authentifizieren und welche Scopes er anbietet.</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="35"/>
        <source>Disco&amp;ver</source>
        <translation>Erm&amp;itteln</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="38"/>
        <source>https://api.example.com/oauth/token</source>
        <translation>https://api.example.com/oauth/token</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="41"/>
        <source>Send the request &amp;body as JSON</source>
        <translation>Anfragekörper als &amp;JSON senden</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="41"/>
        <source>With HTTP Basic, send {&quot;grant_type&quot;: &quot;client_credentials&quot;} as JSON instead of a form (m3ter&apos;s documentation does).</source>
        <translation>Mit HTTP Basic {&quot;grant_type&quot;: &quot;client_credentials&quot;} als JSON statt als Formular senden (wie in der Dokumentation von m3ter).</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="43"/>
        <source>One per line, e.g. X-Monite-Version: 2024-01-31</source>
        <translation>Einer pro Zeile, z. B. X-Monite-Version: 2024-01-31</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="44"/>
        <source>Sc&amp;ope</source>
        <translation>&amp;Scope</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="59"/>
        <source>Send a&amp;s</source>
        <translation>S&amp;enden als</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="61"/>
        <source>Ex&amp;pected status</source>
        <translation>Er&amp;warteter Status</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="70"/>
        <source>Na&amp;me</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="72"/>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="195"/>
        <source>C&amp;lient ID</source>
        <translation>&amp;Client-ID</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="81"/>
        <source>Private ke&amp;y</source>
        <translation>Privater Sc&amp;hlüssel</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="86"/>
        <source>Load from &amp;File…</source>
        <translation>Aus Datei &amp;laden…</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="89"/>
        <source>Passphras&amp;e</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="46"/>
        <source>Au&amp;dience</source>
        <translation>Au&amp;dience</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="22"/>
        <source>Preset</source>
        <translation>&amp;Vorlage</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="26"/>
        <source>Connec&amp;tion</source>
        <translation>Ver&amp;bindung</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="37"/>
        <source>Token U&amp;RL</source>
        <translation>To&amp;ken-URL</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="39"/>
        <source>Client aut&amp;hentication</source>
        <translation>Client-Authenti&amp;fizierung</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="42"/>
        <source>E&amp;xtra headers</source>
        <translation>&amp;Zusätzliche Header</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="48"/>
        <source>&amp;Assertion audience</source>
        <translation>Asserti&amp;on-Audience</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="49"/>
        <source>The token URL (what most servers expect)</source>
        <translation>Die Token-URL (was die meisten Server erwarten)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="49"/>
        <source>The aud claim of the signed client assertion, if the vendor asks for another value, such as its issuer URL.</source>
        <translation>Der aud-Claim der signierten Client-Assertion, falls der Anbieter einen anderen Wert verlangt, etwa seine Aussteller-URL.</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="55"/>
        <source>Test call</source>
        <translation>Testaufruf</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="57"/>
        <source>Test &amp;URL</source>
        <translation>&amp;Test-URL</translation>
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
        <translation>Zugangsdaten (aus dem Dashboard des Anbieters eingefügt)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="74"/>
        <source>S&amp;ecret</source>
        <translation>&amp;Geheimnis</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="78"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="78"/>
        <source>Show the secret while you check it</source>
        <translation>Das Geheimnis anzeigen, während Sie es prüfen</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="78"/>
        <source>Show the secret</source>
        <translation>Geheimnis anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="85"/>
        <source>Paste a PEM private key (-----BEGIN PRIVATE KEY-----), or load it from a file</source>
        <translation>Fügen Sie einen privaten PEM-Schlüssel ein (-----BEGIN PRIVATE KEY-----) oder laden Sie ihn aus einer Datei</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="85"/>
        <source>Private key (PEM)</source>
        <translation>Privater Schlüssel (PEM)</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="90"/>
        <source>Only for an encrypted key</source>
        <translation>Nur für einen verschlüsselten Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="91"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../ui/ImportCredentialDialog.ui" line="94"/>
        <source>o&amp;n</source>
        <translation>a&amp;m</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="49"/>
        <source>Custom</source>
        <translation>Eigene</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="49"/>
        <source>OAuth2, JSON body + version header (Monite style)</source>
        <translation>OAuth2, JSON-Körper + Versions-Header (wie Monite)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="50"/>
        <source>OAuth2, HTTP Basic as curl -u + JSON body (m3ter style)</source>
        <translation>OAuth2, HTTP Basic wie curl -u + JSON-Körper (wie m3ter)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="58"/>
        <source>RFC 6749 form-encodes the id and secret before Basic encodes them; curl -u and some vendors do not. They differ only for ids or secrets with characters such as + / = % &amp;.</source>
        <translation>RFC 6749 kodiert ID und Geheimnis als Formularwerte, bevor Basic sie kodiert; curl -u und manche Anbieter tun das nicht. Das macht nur bei IDs oder Geheimnissen mit Zeichen wie + / = % &amp; einen Unterschied.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="51"/>
        <source>API key, X-API-Key health check (Equipme style)</source>
        <translation>API-Schlüssel, X-API-Key-Health-Check (wie Equipme)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="44"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="52"/>
        <source>OAuth2 client credentials</source>
        <translation>OAuth2 Client Credentials</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="53"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="66"/>
        <source>Generate a new key pair here (ES256)</source>
        <translation>Hier ein neues Schlüsselpaar erzeugen (ES256)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="68"/>
        <source>Generate a new key pair here (RS256)</source>
        <translation>Hier ein neues Schlüsselpaar erzeugen (RS256)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="70"/>
        <source>Use an existing private key (PEM)</source>
        <translation>Einen vorhandenen privaten Schlüssel verwenden (PEM)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="72"/>
        <source>A key made here never leaves the OS keychain: you give the vendor its public key.</source>
        <translation>Ein hier erzeugter Schlüssel verlässt nie den Schlüsselbund des Systems: Sie geben dem Anbieter seinen öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="123"/>
        <source>Edit Provider Credential</source>
        <translation>Anbieter-Zugangsdaten bearbeiten</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="134"/>
        <source>Leave empty to keep the current secret</source>
        <translation>Leer lassen, um das bisherige Geheimnis zu behalten</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="135"/>
        <source>Keep the current key</source>
        <translation>Den bisherigen Schlüssel behalten</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="195"/>
        <source>Key &amp;ID (optional)</source>
        <translation>Schlüssel-&amp;ID (optional)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="201"/>
        <source>Credential (the client ID from the vendor&apos;s dashboard)</source>
        <translation>Zugangsdaten (die Client-ID aus dem Dashboard des Anbieters)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="227"/>
        <source>A pasted private key (not shown). Paste again to replace it.</source>
        <translation>Ein eingefügter privater Schlüssel (nicht angezeigt). Zum Ersetzen einen anderen einfügen.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="232"/>
        <source>Load a Private Key</source>
        <translation>Privaten Schlüssel laden</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="233"/>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM-Schlüssel (*.pem *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="238"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="244"/>
        <source>Loaded from %1 (not shown). Paste a key here to use that one instead.</source>
        <translation>Aus %1 geladen (nicht angezeigt). Fügen Sie hier einen Schlüssel ein, um stattdessen diesen zu verwenden.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="263"/>
        <source>This private key is encrypted: enter its passphrase.</source>
        <translation>Dieser private Schlüssel ist verschlüsselt: Geben Sie seine Passphrase ein.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="315"/>
        <source>Give the connection a name, for example the vendor&apos;s.</source>
        <translation>Geben Sie der Verbindung einen Namen, zum Beispiel den des Anbieters.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="317"/>
        <source>Enter the token URL (or an issuer URL, then Discover).</source>
        <translation>Geben Sie die Token-URL ein (oder eine Aussteller-URL, dann „Ermitteln“).</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="319"/>
        <source>An API-key credential needs a test URL, such as the vendor&apos;s health endpoint.</source>
        <translation>Ein API-Schlüssel braucht eine Test-URL, etwa den Health-Endpunkt des Anbieters.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="321"/>
        <source>Paste the client ID.</source>
        <translation>Fügen Sie die Client-ID ein.</translation>
    </message>
    <message>
        <location filename="../src/gui/ImportCredentialDialog.cpp" line="323"/>
        <source>Paste the secret; it goes to the OS keychain, never to disk.</source>
        <translation>Fügen Sie das Geheimnis ein; es kommt in den Schlüsselbund des Systems, nie auf die Festplatte.</translation>
    </message>
</context>
<context>
    <name>InventoryCountLabel</name>
    <message>
        <location filename="../src/gui/InventoryCountLabel.cpp" line="15"/>
        <source>Counting keys… %1 so far</source>
        <translation>Schlüssel werden gezählt… bisher %1</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryCountLabel.cpp" line="17"/>
        <source>%1 key</source>
        <translation>%1 Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryCountLabel.cpp" line="17"/>
        <source>%1 keys</source>
        <translation>%1 Schlüssel</translation>
    </message>
</context>
<context>
    <name>InventoryPane</name>
    <message>
        <location filename="../src/gui/InventoryPane.cpp" line="33"/>
        <source>Show &amp;All Keys</source>
        <translation>&amp;Alle Schlüssel anzeigen</translation>
    </message>
</context>
<context>
    <name>InventoryStore</name>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="69"/>
        <location filename="../src/storage/InventoryFile.cpp" line="108"/>
        <source>open the inventory %1</source>
        <translation>das Inventar %1 zu öffnen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="75"/>
        <source>Could not create the folder %1 for the inventory.</source>
        <translation>Der Ordner %1 für das Inventar konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="80"/>
        <source>%1 is not a KeyDesk inventory (it is damaged or another kind of file). It was left untouched.</source>
        <translation>%1 ist kein KeyDesk-Inventar (die Datei ist beschädigt oder von anderer Art). Sie wurde nicht verändert.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="119"/>
        <source>%1 was written by a newer KeyDesk (schema %2; this version knows up to %3). Update KeyDesk to open it; the file was left untouched.</source>
        <translation>%1 wurde von einer neueren KeyDesk-Version geschrieben (Schema %2; diese Version kennt bis %3). Aktualisieren Sie KeyDesk, um die Datei zu öffnen; sie wurde nicht verändert.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="131"/>
        <source>Could not switch the inventory to write-ahead logging (is the folder read-only?).</source>
        <translation>Das Inventar konnte nicht auf Write-Ahead-Logging umgestellt werden (ist der Ordner schreibgeschützt?).</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryFile.cpp" line="144"/>
        <source>upgrade the inventory %1</source>
        <translation>das Inventar %1 zu aktualisieren</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="65"/>
        <source>add the connection “%1”</source>
        <translation>die Verbindung „%1“ hinzuzufügen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="57"/>
        <source>A connection named “%1” already exists.</source>
        <translation>Es gibt bereits eine Verbindung namens „%1“.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="96"/>
        <source>read the connections</source>
        <translation>die Verbindungen zu lesen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="113"/>
        <location filename="../src/storage/InventoryStore.cpp" line="139"/>
        <location filename="../src/storage/InventoryStore.cpp" line="157"/>
        <source>The connection no longer exists.</source>
        <translation>Die Verbindung existiert nicht mehr.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="123"/>
        <location filename="../src/storage/InventoryStore.cpp" line="136"/>
        <source>update the connection</source>
        <translation>die Verbindung zu aktualisieren</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="153"/>
        <source>rename the connection</source>
        <translation>die Verbindung umbenennen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="168"/>
        <source>remove the connection</source>
        <translation>die Verbindung zu entfernen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="201"/>
        <source>save the key “%1”</source>
        <translation>den Schlüssel „%1“ zu speichern</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="220"/>
        <source>save the keys</source>
        <translation>die Schlüssel zu speichern</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="234"/>
        <source>update the inventory</source>
        <translation>das Inventar zu aktualisieren</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="277"/>
        <source>link the rotated keys</source>
        <translation>die rotierten Schlüssel zu verknüpfen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="281"/>
        <source>The new key is not in the inventory yet.</source>
        <translation>Der neue Schlüssel ist noch nicht im Inventar.</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="288"/>
        <source>read the rotation links</source>
        <translation>die Rotationsverweise lesen</translation>
    </message>
    <message>
        <location filename="../src/storage/ShownReminders.cpp" line="17"/>
        <source>read the reminders</source>
        <translation>die Erinnerungen zu lesen</translation>
    </message>
    <message>
        <location filename="../src/storage/ShownReminders.cpp" line="26"/>
        <source>remember the reminders</source>
        <translation>sich die Erinnerungen zu merken</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="337"/>
        <source>record the test result</source>
        <translation>das Testergebnis zu erfassen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="348"/>
        <source>remove the key</source>
        <translation>den Schlüssel zu entfernen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryIdReader.cpp" line="63"/>
        <location filename="../src/storage/InventoryIdStream.cpp" line="24"/>
        <location filename="../src/storage/InventoryIdStream.cpp" line="53"/>
        <location filename="../src/storage/InventoryStore.cpp" line="368"/>
        <location filename="../src/storage/InventoryStore.cpp" line="389"/>
        <source>read the inventory</source>
        <translation>das Inventar zu lesen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryStore.cpp" line="422"/>
        <source>count the inventory</source>
        <translation>die Einträge des Inventars zu zählen</translation>
    </message>
    <message>
        <location filename="../src/storage/FoldedContains.cpp" line="102"/>
        <source>Could not set up searching in the inventory (SQLite error %1).</source>
        <translation>Die Suche im Inventar konnte nicht eingerichtet werden (SQLite-Fehler %1).</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryQuerySql.cpp" line="114"/>
        <source>search the inventory</source>
        <translation>das Inventar zu durchsuchen</translation>
    </message>
</context>
<context>
    <name>InventoryTableModel</name>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="106"/>
        <source>Expires within a day</source>
        <translation>Läuft innerhalb eines Tages ab</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="108"/>
        <source>Expires in %1 day</source>
        <translation>Läuft in %1 Tag ab</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="109"/>
        <source>Expires in %1 days</source>
        <translation>Läuft in %1 Tagen ab</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="157"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryColumns.cpp" line="36"/>
        <location filename="../src/gui/InventoryTableModel.cpp" line="159"/>
        <source>Never used</source>
        <translation>Nie benutzt</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="161"/>
        <source>Never tested</source>
        <translation>Nie getestet</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="201"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="203"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="205"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="207"/>
        <source>Created by</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="209"/>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="211"/>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="213"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="215"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="217"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="219"/>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryTableModel.cpp" line="221"/>
        <source>Last tested</source>
        <translation>Zuletzt getestet</translation>
    </message>
</context>
<context>
    <name>InventoryTeam</name>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="27"/>
        <source>save the service&apos;s projects</source>
        <translation>die Projekte des Dienstes zu speichern</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="64"/>
        <source>read the service&apos;s projects</source>
        <translation>die Projekte des Dienstes zu lesen</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="73"/>
        <source>keep the key&apos;s history</source>
        <translation>den Verlauf des Schlüssels aufzubewahren</translation>
    </message>
    <message>
        <location filename="../src/storage/InventoryTeam.cpp" line="110"/>
        <source>read the key&apos;s history</source>
        <translation>den Verlauf des Schlüssels zu lesen</translation>
    </message>
</context>
<context>
    <name>IssuerDiscovery</name>
    <message>
        <location filename="../src/gui/IssuerDiscovery.cpp" line="52"/>
        <source>Reading the server&apos;s metadata…</source>
        <translation>Metadaten des Servers werden gelesen…</translation>
    </message>
    <message>
        <location filename="../src/gui/IssuerDiscovery.cpp" line="73"/>
        <source>Found at %1.
Client authentication: %2.</source>
        <translation>Gefunden unter %1.
Client-Authentifizierung: %2.</translation>
    </message>
    <message>
        <location filename="../src/gui/IssuerDiscovery.cpp" line="75"/>
        <source>Scopes offered: %1</source>
        <translation>Angebotene Scopes: %1</translation>
    </message>
</context>
<context>
    <name>Jwt</name>
    <message>
        <location filename="../src/service/Jwt.cpp" line="15"/>
        <source>The access token is not valid.</source>
        <translation>Das Zugriffstoken ist ungültig.</translation>
    </message>
    <message>
        <location filename="../src/service/Jwt.cpp" line="99"/>
        <source>The access token has expired.</source>
        <translation>Das Zugriffstoken ist abgelaufen.</translation>
    </message>
</context>
<context>
    <name>JwtDecoder</name>
    <message>
        <location filename="../src/core/JwtDecoder.cpp" line="15"/>
        <location filename="../src/core/JwtDecoder.cpp" line="28"/>
        <source>The token is not a JWT.</source>
        <translation>Das Token ist kein JWT.</translation>
    </message>
</context>
<context>
    <name>KeepNewSecret</name>
    <message>
        <location filename="../src/usecases/KeepNewSecret.cpp" line="20"/>
        <source>No OS keychain could be reached on this computer.</source>
        <translation>Auf diesem Computer war kein Schlüsselbund des Systems erreichbar.</translation>
    </message>
</context>
<context>
    <name>KeptSecrets</name>
    <message>
        <location filename="../src/storage/KeptSecrets.cpp" line="19"/>
        <location filename="../src/storage/KeptSecrets.cpp" line="55"/>
        <source>note where the secret is kept</source>
        <translation>vermerken, wo das Geheimnis aufbewahrt wird</translation>
    </message>
</context>
<context>
    <name>KeyActionStates</name>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="41"/>
        <source>Select a key first.</source>
        <translation>Wählen Sie zuerst einen Schlüssel aus.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="42"/>
        <source>Needs the OS keychain, which is not available.</source>
        <translation>Benötigt den Schlüsselbund des Systems, der nicht verfügbar ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="43"/>
        <source>The service is unreachable; refresh (F5) when it is back.</source>
        <translation>Der Dienst ist nicht erreichbar; aktualisieren Sie (F5), sobald er wieder da ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="44"/>
        <source>A provider credential is switched off or rotated in the vendor&apos;s dashboard; use Replace Secret when the vendor gives you a new one.</source>
        <translation>Anbieter-Zugangsdaten werden im Dashboard des Anbieters abgeschaltet oder rotiert; verwenden Sie „Geheimnis ersetzen“, wenn der Anbieter Ihnen ein neues gibt.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="54"/>
        <location filename="../src/gui/KeyActionStates.cpp" line="99"/>
        <source>&amp;Activate</source>
        <translation>&amp;Aktivieren</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="55"/>
        <location filename="../src/gui/KeyActionStates.cpp" line="99"/>
        <source>&amp;Deactivate</source>
        <translation>&amp;Deaktivieren</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="60"/>
        <source>Only an active key is rotated; activate it first.</source>
        <translation>Nur ein aktiver Schlüssel wird rotiert; aktivieren Sie ihn zuerst.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="69"/>
        <source>This key has no test call: add a test URL to its connection.</source>
        <translation>Dieser Schlüssel hat keinen Testaufruf: Fügen Sie seiner Verbindung eine Test-URL hinzu.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="74"/>
        <source>Only a credential that signs with a private key (private_key_jwt) has a public key.</source>
        <translation>Nur Zugangsdaten, die mit einem privaten Schlüssel signieren (private_key_jwt), haben einen öffentlichen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="79"/>
        <source>A key of a KeyDesk service is changed by rotating it.</source>
        <translation>Ein Schlüssel eines KeyDesk-Dienstes wird durch Rotieren geändert.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActionStates.cpp" line="89"/>
        <source>No service lets you create keys now.</source>
        <translation>Derzeit lässt Sie kein Dienst Schlüssel erstellen.</translation>
    </message>
</context>
<context>
    <name>KeyActions</name>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="42"/>
        <source>Testing “%1”…</source>
        <translation>„%1“ wird getestet…</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="48"/>
        <source>Cannot test “%1”: %2</source>
        <translation>„%1“ kann nicht getestet werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="82"/>
        <source>Delete “%1” (%2)? Anything still using it will stop working at once. This cannot be undone.</source>
        <translation>„%1“ (%2) löschen? Alles, was ihn noch verwendet, funktioniert sofort nicht mehr. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="85"/>
        <source>Delete “%1” (%2) and its secret from this computer? The vendor still knows the credential: revoke it in the vendor&apos;s dashboard as well.</source>
        <translation>„%1“ (%2) und sein Geheimnis von diesem Computer löschen? Der Anbieter kennt die Zugangsdaten weiterhin: Widerrufen Sie sie auch im Dashboard des Anbieters.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="88"/>
        <source>Delete key</source>
        <translation>Schlüssel löschen</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="90"/>
        <source>&amp;Delete Key</source>
        <translation>Schlüssel &amp;löschen</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="116"/>
        <source>“%1” is deactivated: it is refused until you activate it again.</source>
        <translation>„%1“ ist deaktiviert: Er wird abgewiesen, bis Sie ihn wieder aktivieren.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyActions.cpp" line="119"/>
        <source>“%1” is active again: it is accepted from now on.</source>
        <translation>„%1“ ist wieder aktiv: Er wird ab sofort angenommen.</translation>
    </message>
</context>
<context>
    <name>KeyCommands</name>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="37"/>
        <source>list (default), create, deactivate, activate, rotate or delete</source>
        <translation>list (Standard), create, deactivate, activate, rotate oder delete</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="34"/>
        <source>List, create, rotate, deactivate, activate or delete keys.</source>
        <translation>Schlüssel auflisten, erstellen, rotieren, deaktivieren, aktivieren oder löschen.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="39"/>
        <source>key id or name, for rotate, deactivate, activate and delete</source>
        <translation>Schlüssel-ID oder Name, für rotate, deactivate, activate und delete</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="41"/>
        <source>Connection name or id (list: every connection; create: Local)</source>
        <translation>Name oder ID der Verbindung (list: alle Verbindungen; create: Local)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="42"/>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="43"/>
        <source>table, json or csv</source>
        <translation>table, json oder csv</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="43"/>
        <source>format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="45"/>
        <source>Key name</source>
        <translation>Schlüsselname</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="45"/>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="46"/>
        <source>Key description</source>
        <translation>Schlüsselbeschreibung</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="46"/>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="48"/>
        <source>7, 30, 90, 180, 365 or never (default 30)</source>
        <translation>7, 30, 90, 180, 365 oder never (Standard 30)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="48"/>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="51"/>
        <source>Do not keep the secret in the OS keychain</source>
        <translation>Das Geheimnis nicht im Schlüsselbund des Systems aufbewahren</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="54"/>
        <source>list: show what is kept on this computer, without asking the services</source>
        <translation>list: zeigt, was auf diesem Computer gespeichert ist, ohne die Dienste zu fragen</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="56"/>
        <source>Project name or id (default: the service&apos;s first project)</source>
        <translation>Projektname oder -ID (Standard: erstes Projekt des Dienstes)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="57"/>
        <source>project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="100"/>
        <source>%1 could not be refreshed; its keys are shown as last seen: %2</source>
        <translation>%1 konnte nicht aktualisiert werden; seine Schlüssel werden wie zuletzt gesehen angezeigt: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="123"/>
        <source>--format must be table, json or csv.</source>
        <translation>--format muss table, json oder csv sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="137"/>
        <source>--expires must be 7, 30, 90, 180, 365 or never.</source>
        <translation>--expires muss 7, 30, 90, 180, 365 oder never sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="163"/>
        <source>keys takes list, create, deactivate, activate, rotate or delete.</source>
        <translation>keys kennt list, create, deactivate, activate, rotate oder delete.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="166"/>
        <source>Name the key by its key id.</source>
        <translation>Nennen Sie den Schlüssel mit seiner Schlüssel-ID.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="190"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="208"/>
        <source>%1 keeps working. Once %2 is deployed everywhere: keydesk-cli keys deactivate %1</source>
        <translation>%1 funktioniert weiter. Sobald %2 überall eingesetzt ist: keydesk-cli keys deactivate %1</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="219"/>
        <source>“%1” is a provider credential: it is deactivated or rotated at its vendor, not here. A new secret from the vendor replaces the kept one with keydesk-cli import.</source>
        <translation>„%1“ sind Zugangsdaten eines Anbieters: Sie werden beim Anbieter deaktiviert oder rotiert, nicht hier. Ein neues Geheimnis des Anbieters ersetzt das gespeicherte mit keydesk-cli import.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="232"/>
        <source>The secret is shown once; it is kept nowhere and cannot be shown again.</source>
        <translation>Das Geheimnis wird einmal angezeigt; es wird nirgends aufbewahrt und kann nicht erneut angezeigt werden.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="238"/>
        <source>The key was created but its secret is NOT in the OS keychain: copy it from above now; it cannot be shown again.</source>
        <translation>Der Schlüssel wurde erstellt, aber sein Geheimnis ist NICHT im Schlüsselbund: Kopieren Sie es jetzt von oben; es kann nicht erneut angezeigt werden.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyCommands.cpp" line="245"/>
        <source>Secret kept in the OS keychain; keydesk-cli read %1:secret --reveal shows it again.</source>
        <translation>Geheimnis im Schlüsselbund des Systems aufbewahrt; keydesk-cli read %1:secret --reveal zeigt es erneut an.</translation>
    </message>
</context>
<context>
    <name>KeyDeskCli</name>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="145"/>
        <source>unknown command “%1”.</source>
        <translation>unbekannter Befehl „%1“.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="236"/>
        <source>Name in the inventory (default: the client id; when replacing a secret, the name it has)</source>
        <translation>Name im Bestand (Standard: die Client-ID; beim Ersetzen eines Geheimnisses der bisherige Name)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="238"/>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="232"/>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="160"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="352"/>
        <source>format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="157"/>
        <source>Exchange a credential&apos;s id and secret (from the OS keychain) for an access token.</source>
        <translation>ID und Geheimnis (aus dem Schlüsselbund) gegen ein Zugriffstoken tauschen.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="159"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="197"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="351"/>
        <source>Key id or name</source>
        <translation>Schlüssel-ID oder Name</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="159"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="197"/>
        <location filename="../src/cli/KeyDeskCli.cpp" line="351"/>
        <source>credential</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="160"/>
        <source>json, header or raw</source>
        <translation>json, header oder raw</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="169"/>
        <source>--format must be json, header or raw.</source>
        <translation>--format muss json, header oder raw sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="195"/>
        <source>Send the credential&apos;s test call and explain the answer.</source>
        <translation>Den Testaufruf der Zugangsdaten senden und die Antwort erklären.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="228"/>
        <source>Add a vendor credential to a provider connection; the secret is read from standard input and kept in the OS keychain.</source>
        <translation>Anbieter-Zugangsdaten zu einer Verbindung hinzufügen; das Geheimnis wird von der Standardeingabe gelesen und im Schlüsselbund aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="231"/>
        <source>Provider connection name or id</source>
        <translation>Name oder ID der Anbieterverbindung</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="233"/>
        <source>Client id / key id</source>
        <translation>Client-ID / Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="233"/>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="239"/>
        <source>Expiry date the vendor gave, YYYY-MM-DD</source>
        <translation>Ablaufdatum laut Anbieter, JJJJ-MM-TT</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="240"/>
        <source>date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="243"/>
        <source>private_key_jwt: make a key pair here, keep the private key in the OS keychain and print the public JWKS for the vendor</source>
        <translation>private_key_jwt: hier ein Schlüsselpaar erzeugen, den privaten Schlüssel im Schlüsselbund aufbewahren und das öffentliche JWKS für den Anbieter ausgeben</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="245"/>
        <source>With --generate-key: RS256 or ES256</source>
        <translation>Mit --generate-key: RS256 oder ES256</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="246"/>
        <source>algorithm</source>
        <translation>Algorithmus</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="249"/>
        <source>private_key_jwt: a PEM private key from this file, or - for stdin (an encrypted file&apos;s passphrase is then read from stdin)</source>
        <translation>private_key_jwt: ein privater PEM-Schlüssel aus dieser Datei oder - für die Standardeingabe (die Passphrase einer verschlüsselten Datei wird dann von der Standardeingabe gelesen)</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="251"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="258"/>
        <source>--client-id is required.</source>
        <translation>--client-id ist erforderlich.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="267"/>
        <source>--expires must be a date such as 2027-01-31.</source>
        <translation>--expires muss ein Datum wie 2027-01-31 sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="276"/>
        <source>Keys of a KeyDesk service are created with keys create, not imported.</source>
        <translation>Schlüssel eines KeyDesk-Dienstes werden mit keys create erstellt, nicht importiert.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="279"/>
        <source>Give --generate-key or --private-key, not both.</source>
        <translation>Geben Sie --generate-key oder --private-key an, nicht beides.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="281"/>
        <source>%1 uses private_key_jwt: give --generate-key or --private-key.</source>
        <translation>%1 verwendet private_key_jwt: Geben Sie --generate-key oder --private-key an.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="283"/>
        <source>--generate-key and --private-key are for private_key_jwt connections.</source>
        <translation>--generate-key und --private-key sind für private_key_jwt-Verbindungen.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="285"/>
        <source>Secret (input hidden):</source>
        <translation>Geheimnis (Eingabe verborgen):</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="290"/>
        <source>Give the secret on standard input.</source>
        <translation>Geben Sie das Geheimnis über die Standardeingabe ein.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="302"/>
        <source>Replaced the secret of “%1” (%2) in %3; its name and expiry are kept.</source>
        <translation>Das Geheimnis von „%1“ (%2) in %3 wurde ersetzt; Name und Ablaufdatum bleiben erhalten.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="309"/>
        <source>Imported %1 into %2; its secret is in the OS keychain.</source>
        <translation>%1 in %2 importiert; sein Geheimnis ist im Schlüsselbund.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="323"/>
        <source>--alg must be RS256 or ES256.</source>
        <translation>--alg muss RS256 oder ES256 sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="335"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="341"/>
        <source>Passphrase of the private key (input hidden):</source>
        <translation>Passphrase des privaten Schlüssels (Eingabe verborgen):</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="349"/>
        <source>Print a private_key_jwt credential&apos;s public key, for the vendor&apos;s console.</source>
        <translation>Den öffentlichen Schlüssel von private_key_jwt-Zugangsdaten für die Konsole des Anbieters ausgeben.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="352"/>
        <source>jwks, jwk or pem</source>
        <translation>jwks, jwk oder pem</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="363"/>
        <source>%1 authenticates with a secret, not a key pair.</source>
        <translation>%1 authentifiziert sich mit einem Geheimnis, nicht mit einem Schlüsselpaar.</translation>
    </message>
    <message>
        <location filename="../src/cli/KeyDeskCli.cpp" line="371"/>
        <source>--format must be jwks, jwk or pem.</source>
        <translation>--format muss jwks, jwk oder pem sein.</translation>
    </message>
</context>
<context>
    <name>KeyHistoryPanel</name>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="20"/>
        <source>&amp;Export History…</source>
        <translation>Verlauf e&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="25"/>
        <source>From</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="48"/>
        <source>the key</source>
        <translation>der Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="61"/>
        <source>Only keys of a KeyDesk service have a history.</source>
        <translation>Nur Schlüssel eines KeyDesk-Dienstes haben einen Verlauf.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="68"/>
        <source>Offline: the history as this computer last saw it.</source>
        <translation>Offline: der Verlauf, wie dieser Computer ihn zuletzt gesehen hat.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="71"/>
        <source>Asking the service…</source>
        <translation>Dienst wird abgefragt…</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="83"/>
        <source>Could not read the history from the service: %1</source>
        <translation>Der Verlauf konnte nicht vom Dienst gelesen werden: %1</translation>
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
        <translation>Verlauf exportieren</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="112"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyHistoryPanel.cpp" line="113"/>
        <source>History of %1 exported to %2.</source>
        <translation>Verlauf von %1 nach %2 exportiert.</translation>
    </message>
</context>
<context>
    <name>KeyNameValidator</name>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="17"/>
        <source>a tab</source>
        <translation>ein Tabulator</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="19"/>
        <source>a line break</source>
        <translation>ein Zeilenumbruch</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="21"/>
        <source>a special space character</source>
        <translation>ein besonderes Leerzeichen</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="23"/>
        <source>an invisible character (U+%1)</source>
        <translation>ein unsichtbares Zeichen (U+%1)</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="45"/>
        <source>Enter a name for the key.</source>
        <translation>Geben Sie einen Namen für den Schlüssel ein.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="48"/>
        <source>The name is %1 characters long; at most %2 are allowed.</source>
        <translation>Der Name ist %1 Zeichen lang; höchstens %2 sind erlaubt.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="58"/>
        <source>The name must start with a letter, not %1.</source>
        <translation>Der Name muss mit einem Buchstaben beginnen, nicht mit %1.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="66"/>
        <source>%1 is not allowed in a name. Use letters, digits, spaces, ‘-’, ‘_’ or ‘.’.</source>
        <translation>%1 ist in einem Namen nicht erlaubt. Verwenden Sie Buchstaben, Ziffern, Leerzeichen, ‚-‘, ‚_‘ oder ‚.‘.</translation>
    </message>
    <message>
        <location filename="../src/core/KeyNameValidator.cpp" line="76"/>
        <source>The name must not end with a space.</source>
        <translation>Der Name darf nicht mit einem Leerzeichen enden.</translation>
    </message>
</context>
<context>
    <name>KeyService</name>
    <message>
        <location filename="../src/service/StorageError.cpp" line="7"/>
        <source>The service could not reach its database; try again shortly.</source>
        <translation>Der Dienst konnte seine Datenbank nicht erreichen; versuchen Sie es in Kürze erneut.</translation>
    </message>
    <message>
        <location filename="../src/service/StorageError.cpp" line="14"/>
        <source>The service&apos;s disk is full. Nothing was changed; retry once its operator has freed space.</source>
        <translation>Der Datenträger des Dienstes ist voll. Es wurde nichts geändert; versuchen Sie es erneut, sobald der Betreiber Platz geschaffen hat.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceProjects.cpp" line="20"/>
        <source>A project named “%1” already exists.</source>
        <translation>Es gibt bereits ein Projekt namens „%1“.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceRefusals.cpp" line="8"/>
        <source>There is no project %1.</source>
        <translation>Es gibt kein Projekt %1.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="99"/>
        <location filename="../src/service/KeyService.cpp" line="226"/>
        <source>The description is longer than %1 characters.</source>
        <translation>Die Beschreibung ist länger als %1 Zeichen.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="106"/>
        <source>expires_in_days must be 7, 30, 90, 180, 365 or null (no expiry).</source>
        <translation>expires_in_days muss 7, 30, 90, 180, 365 oder null (kein Ablauf) sein.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="146"/>
        <source>This project already has %1 keys, the most allowed. Delete a key you no longer need first.</source>
        <translation>Dieses Projekt hat bereits %1 Schlüssel, die Höchstzahl. Löschen Sie zuerst einen nicht mehr benötigten Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="164"/>
        <source>A key named “%1” already exists in this project.</source>
        <translation>In diesem Projekt gibt es bereits einen Schlüssel namens „%1“.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="219"/>
        <source>status must be “active” or “inactive”.</source>
        <translation>status muss „active“ oder „inactive“ sein.</translation>
    </message>
    <message>
        <location filename="../src/service/KeyService.cpp" line="25"/>
        <source>There is no key %1 in project %2.</source>
        <translation>Im Projekt %2 gibt es keinen Schlüssel %1.</translation>
    </message>
</context>
<context>
    <name>KeyStatus</name>
    <message>
        <location filename="../src/core/KeyStatus.cpp" line="31"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../src/core/KeyStatus.cpp" line="33"/>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <location filename="../src/core/KeyStatus.cpp" line="35"/>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="26"/>
        <source>KeyDesk does not know which keychain entry belongs to this credential; nothing was changed.</source>
        <translation>KeyDesk weiß nicht, welcher Schlüsselbund-Eintrag zu diesen Zugangsdaten gehört; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="192"/>
        <source>KeePassXC keeps a copy in its Recycle Bin until you empty it.</source>
        <translation>KeePassXC behält eine Kopie in seinem Papierkorb, bis Sie ihn leeren.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="209"/>
        <source>The OS keychain holds no secret for %1.</source>
        <translation>Der Schlüsselbund des Systems enthält kein Geheimnis für %1.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="211"/>
        <source>Access to the OS keychain was refused.</source>
        <translation>Der Zugriff auf den Schlüsselbund des Systems wurde verweigert.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="215"/>
        <source>The OS keychain is locked. Unlock it (for example by logging in again) and retry; KeyDesk keeps working without secrets meanwhile.</source>
        <translation>Der Schlüsselbund des Systems ist gesperrt. Entsperren Sie ihn (zum Beispiel durch erneutes Anmelden) und versuchen Sie es erneut; KeyDesk arbeitet so lange ohne Geheimnisse weiter.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="219"/>
        <source>The OS keychain refused access to the secret.</source>
        <translation>Der Schlüsselbund des Systems hat den Zugriff auf das Geheimnis verweigert.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="223"/>
        <source>No OS keychain is available (install and start a Secret Service such as GNOME Keyring or KWallet). KeyDesk keeps working with key details only; secrets cannot be stored.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar (installieren und starten Sie einen Secret Service wie GNOME Keyring oder KWallet). KeyDesk arbeitet nur mit Schlüsseldetails weiter; Geheimnisse können nicht gespeichert werden.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="79"/>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="234"/>
        <source>The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps working with key details only; secrets cannot be stored or read.</source>
        <translation>Der Schlüsselbund des Systems ist nicht erreichbar (kein Secret Service auf dem Sitzungsbus). KeyDesk arbeitet nur mit Schlüsseldetails weiter; Geheimnisse können weder gespeichert noch gelesen werden.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="240"/>
        <source>The OS keychain has no unlocked default collection. Unlock or create your login keyring and retry.</source>
        <translation>Der Schlüsselbund des Systems hat keine entsperrte Standardsammlung. Entsperren oder erstellen Sie Ihren Anmelde-Schlüsselbund und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../src/storage/KeychainSecretStore.cpp" line="244"/>
        <source>The OS keychain reported an error.</source>
        <translation>Der Schlüsselbund des Systems hat einen Fehler gemeldet.</translation>
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
        <translation>&lt;b&gt;Verbindungen&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="18"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="26"/>
        <source>Search keys</source>
        <translation>Schlüssel suchen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="26"/>
        <source>Search name, description, key ID, last 4, connection, project (Ctrl+F)</source>
        <translation>Name, Beschreibung, Schlüssel-ID, letzte 4, Verbindung, Projekt suchen (Strg+F)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="27"/>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="39"/>
        <source>Key details</source>
        <translation>Schlüsseldetails</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="44"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="46"/>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="48"/>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="50"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="52"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="54"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="56"/>
        <source>Last used</source>
        <translation>Zuletzt benutzt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="67"/>
        <source>Rotation</source>
        <translation>Rotation</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="60"/>
        <source>Last tested</source>
        <translation>Zuletzt getestet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="58"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="69"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="71"/>
        <source>Created by</source>
        <translation>Erstellt von</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="73"/>
        <source>Key user</source>
        <translation>Schlüsselbenutzer</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="74"/>
        <source>The user the service records this key&apos;s use under</source>
        <translation>Der Benutzer, unter dem der Dienst die Nutzung dieses Schlüssels erfasst</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="83"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="93"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="94"/>
        <source>&amp;Keys</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="95"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="96"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="103"/>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="111"/>
        <source>&amp;Generate Key…</source>
        <translation>Schlüssel &amp;erzeugen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="111"/>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="112"/>
        <source>&amp;Copy Key ID</source>
        <translation>Schlüssel-ID &amp;kopieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="112"/>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="113"/>
        <source>&amp;Deactivate</source>
        <translation>&amp;Deaktivieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="113"/>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="114"/>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="114"/>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="115"/>
        <source>&amp;Token Generator…</source>
        <translation>Token-&amp;Generator…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="116"/>
        <source>Test &amp;Key</source>
        <translation>Schlüssel &amp;testen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="127"/>
        <source>&amp;Rename Project…</source>
        <translation>Projekt &amp;umbenennen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="117"/>
        <source>Add &amp;Provider Credential…</source>
        <translation>Anbieter-Zugangsdaten &amp;hinzufügen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="118"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="119"/>
        <source>The public key of a credential that signs its token requests (private_key_jwt), for the vendor&apos;s console</source>
        <translation>Der öffentliche Schlüssel von Zugangsdaten, die ihre Token-Anfragen signieren (private_key_jwt), für die Konsole des Anbieters</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="119"/>
        <source>P&amp;ublic Key…</source>
        <translation>Ö&amp;ffentlicher Schlüssel…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="120"/>
        <source>&amp;Edit Provider Credential…</source>
        <translation>Anbieter-Zugangsdaten &amp;bearbeiten…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="120"/>
        <source>Change how this provider credential reaches its vendor: token URL, client authentication, headers, scope, test call, expiry</source>
        <translation>Ändern, wie diese Zugangsdaten ihren Anbieter erreichen: Token-URL, Client-Authentifizierung, Header, Scope, Testaufruf, Ablauf</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="121"/>
        <source>Replace &amp;Secret…</source>
        <translation>Geheimnis erset&amp;zen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="121"/>
        <source>Keep a new secret (or key) the vendor issued for this credential in the OS keychain</source>
        <translation>Ein neues Geheimnis (oder einen neuen Schlüssel), das der Anbieter für diese Zugangsdaten ausgestellt hat, im Schlüsselbund des Systems ablegen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="122"/>
        <source>R&amp;otate…</source>
        <translation>&amp;Rotieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="123"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="123"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="124"/>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="124"/>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="125"/>
        <source>Connect to a &amp;Service…</source>
        <translation>Mit einem &amp;Dienst verbinden…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="126"/>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="128"/>
        <source>Delete Pro&amp;ject…</source>
        <translation>Pro&amp;jekt löschen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="129"/>
        <source>&amp;Preferences…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="129"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="130"/>
        <source>&amp;User Guide</source>
        <translation>Benutzer&amp;handbuch</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="130"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="131"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="131"/>
        <source>Ctrl+Shift+/</source>
        <translation>Ctrl+Shift+/</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="132"/>
        <source>&amp;About KeyDesk</source>
        <translation>Ü&amp;ber KeyDesk</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="133"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="133"/>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="68"/>
        <source>No OS keychain is available: KeyDesk works with key details only.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar: KeyDesk arbeitet nur mit Schlüsseldetails.</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="102"/>
        <source>reachable</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="103"/>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="105"/>
        <source>not connected (no token in the keychain)</source>
        <translation>nicht verbunden (kein Token im Schlüsselbund)</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="109"/>
        <source>kept on this computer</source>
        <translation>auf diesem Computer gespeichert</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="111"/>
        <source>synced %1</source>
        <translation>abgeglichen %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="113"/>
        <source>never synced</source>
        <translation>nie abgeglichen</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="115"/>
        <source>KeyDesk service</source>
        <translation>KeyDesk-Dienst</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="117"/>
        <source>OAuth2 provider</source>
        <translation>OAuth2-Anbieter</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="118"/>
        <source>API-key provider</source>
        <translation>API-Schlüssel-Anbieter</translation>
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
        <translation>ersetzt „%1“ (%2)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="29"/>
        <source>replaced by “%1” (%2)</source>
        <translation>ersetzt durch „%1“ (%2)</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="42"/>
        <source>None set: Edit Provider Credential adds one.</source>
        <translation>Keiner festgelegt: „Anbieter-Zugangsdaten bearbeiten“ fügt einen hinzu.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="46"/>
        <source>%1
The token is sent in %2; %3 is expected.</source>
        <translation>%1
Das Token wird in %2 gesendet; %3 wird erwartet.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="47"/>
        <source>%1
The key is sent in %2; %3 is expected.</source>
        <translation>%1
Der Schlüssel wird in %2 gesendet; %3 wird erwartet.</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="68"/>
        <source>None asked for</source>
        <translation>Keiner angefordert</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="102"/>
        <source>Test call</source>
        <translation>Testaufruf</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="104"/>
        <source>Token URL</source>
        <translation>Token-URL</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="105"/>
        <source>Client authentication</source>
        <translation>Client-Authentifizierung</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="106"/>
        <source>Scope</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="174"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="41"/>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="176"/>
        <source>Never used</source>
        <translation>Nie benutzt</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="36"/>
        <source>All keys</source>
        <translation>Alle Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="37"/>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="38"/>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="26"/>
        <source>Expiring within %1 days</source>
        <translation>Läuft innerhalb von %1 Tagen ab</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="40"/>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <location filename="../src/gui/InventoryFilters.cpp" line="42"/>
        <source>Not tested for 30 days</source>
        <translation>Seit 30 Tagen nicht getestet</translation>
    </message>
    <message>
        <location filename="../src/gui/ConnectionsPane.cpp" line="95"/>
        <source>All connections</source>
        <translation>Alle Verbindungen</translation>
    </message>
    <message>
        <location filename="../src/gui/KeyDetailsPanel.cpp" line="188"/>
        <source>Never tested</source>
        <translation>Nie getestet</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="293"/>
        <source>Refreshing…</source>
        <translation>Wird aktualisiert…</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="288"/>
        <source>Up to date.</source>
        <translation>Aktuell.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="227"/>
        <source>Needs the OS keychain, which keeps your token for the service.</source>
        <translation>Benötigt den Schlüsselbund des Systems, der Ihr Token für den Dienst aufbewahrt.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="315"/>
        <source>Key ID copied.</source>
        <translation>Schlüssel-ID kopiert.</translation>
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
        <translation>Kalender der Ablaufdaten (*.ics)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportFileChooser.cpp" line="29"/>
        <source>Export the inventory (never secrets)</source>
        <translation>Inventar exportieren (niemals Geheimnisse)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="336"/>
        <source>%1 (and %2 more reminders; see the Status column)</source>
        <translation>%1 (und %2 weitere Erinnerungen; siehe Spalte „Status“)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="344"/>
        <source>Privacy lock: secrets are hidden and tokens forgotten.</source>
        <translation>Privatsphäre-Sperre: Geheimnisse sind verborgen und Tokens verworfen.</translation>
    </message>
</context>
<context>
    <name>MigrateKeychainNames</name>
    <message>
        <location filename="../src/usecases/MigrateKeychainNames.cpp" line="115"/>
        <source>%1 was not moved to %2: %3</source>
        <translation>%1 wurde nicht nach %2 verschoben: %3</translation>
    </message>
</context>
<context>
    <name>PeopleDirectory</name>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="18"/>
        <source>There is no person named %1.</source>
        <translation>Es gibt keine Person namens %1.</translation>
    </message>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="94"/>
        <source>A person&apos;s name starts with a letter and has up to 64 letters, digits and . _ @ + - (an e-mail address or a login name).</source>
        <translation>Der Name einer Person beginnt mit einem Buchstaben und hat bis zu 64 Buchstaben, Ziffern und . _ @ + - (eine E-Mail-Adresse oder ein Anmeldename).</translation>
    </message>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="110"/>
        <source>There already is a person named %1.</source>
        <translation>Es gibt bereits eine Person namens %1.</translation>
    </message>
    <message>
        <location filename="../src/service/PeopleDirectory.cpp" line="145"/>
        <source>%1 is the only owner; make someone else owner first, or nobody could manage people any more.</source>
        <translation>%1 ist der einzige Eigentümer; machen Sie zuerst eine andere Person zum Eigentümer, sonst könnte niemand mehr Personen verwalten.</translation>
    </message>
</context>
<context>
    <name>PeopleRoutes</name>
    <message>
        <location filename="../src/server/PeopleRoutes.cpp" line="32"/>
        <source>role must be “owner”, “admin”, “support” or “viewer”.</source>
        <translation>role muss „owner“, „admin“, „support“ oder „viewer“ sein.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="17"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="19"/>
        <location filename="../src/gui/PreferencesDialog.cpp" line="29"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="23"/>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="23"/>
        <source> day</source>
        <translation> Tag</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="27"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="28"/>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="30"/>
        <source>Also lock when the window is &amp;minimised</source>
        <translation>Auch beim Minimieren des Fensters &amp;sperren</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="33"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="36"/>
        <source>&amp;Start minimised to the system tray</source>
        <translation>Im Infobereich &amp;minimiert starten</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="37"/>
        <source>Where the desktop has no system tray, KeyDesk starts minimised to the taskbar.</source>
        <translation>Wo die Arbeitsumgebung keinen Infobereich hat, startet KeyDesk minimiert in der Taskleiste.</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="44"/>
        <source>Clear a copied secret &amp;after:</source>
        <translation>Kopiertes Geheimnis &amp;leeren nach:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="45"/>
        <source>&amp;Remind of expiry:</source>
        <translation>An Ablauf &amp;erinnern:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="46"/>
        <source>Privacy lock after &amp;idle:</source>
        <translation>Sichtschutz nach &amp;Untätigkeit:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="48"/>
        <source>Give up on a re&amp;quest after:</source>
        <translation>Anfrage a&amp;bbrechen nach:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="49"/>
        <source>&amp;Language:</source>
        <translation>S&amp;prache:</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="62"/>
        <source>Days before a key expires that KeyDesk reminds you, and what “Expiring soon” lists.</source>
        <translation>Wie viele Tage vor dem Ablauf eines Schlüssels KeyDesk Sie erinnert, und was „Läuft bald ab“ anzeigt.</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="64"/>
        <source>A new language takes effect at the next start.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>ProjectControls</name>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="19"/>
        <source>Show one project&apos;s keys; Generate Key puts new keys in the project picked here.</source>
        <translation>Zeigt die Schlüssel eines Projekts; „Schlüssel erzeugen“ legt neue Schlüssel im hier gewählten Projekt an.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="89"/>
        <source>All projects</source>
        <translation>Alle Projekte</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="93"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="111"/>
        <source>The connection picked on the left is not a connected KeyDesk service.</source>
        <translation>Die links gewählte Verbindung ist kein verbundener KeyDesk-Dienst.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="112"/>
        <source>No KeyDesk service is connected.</source>
        <translation>Kein KeyDesk-Dienst ist verbunden.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="113"/>
        <source>The service is unreachable; refresh (F5) when it is back.</source>
        <translation>Der Dienst ist nicht erreichbar; aktualisieren Sie (F5), sobald er wieder verfügbar ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="136"/>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="137"/>
        <source>Name of the new project on %1:</source>
        <translation>Name des neuen Projekts auf %1:</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="138"/>
        <source>Name of the new project:</source>
        <translation>Name des neuen Projekts:</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="149"/>
        <source>Project “%1” created.</source>
        <translation>Projekt „%1“ erstellt.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="161"/>
        <source>Rename Project</source>
        <translation>Projekt umbenennen</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="161"/>
        <source>New name for “%1”:</source>
        <translation>Neuer Name für „%1“:</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="172"/>
        <source>Project renamed to “%1”.</source>
        <translation>Projekt in „%1“ umbenannt.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="205"/>
        <source>Delete the empty project “%1”?</source>
        <translation>Das leere Projekt „%1“ löschen?</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="206"/>
        <source>Delete the project “%1” and its %2 keys?

%3

Every program using those keys stops working at once. This cannot be undone.</source>
        <translation>Das Projekt „%1“ und seine %2 Schlüssel löschen?

%3

Jedes Programm, das diese Schlüssel verwendet, funktioniert sofort nicht mehr. Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="213"/>
        <source>Delete Project</source>
        <translation>Projekt löschen</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="215"/>
        <source>&amp;Delete Project</source>
        <translation>Projekt &amp;löschen</translation>
    </message>
    <message>
        <location filename="../src/gui/ProjectControls.cpp" line="228"/>
        <source>Project “%1” deleted with %2 keys.</source>
        <translation>Projekt „%1“ mit %2 Schlüsseln gelöscht.</translation>
    </message>
</context>
<context>
    <name>ProviderDiscovery</name>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="22"/>
        <source>The OAuth2 metadata for %1 cannot be used: %2</source>
        <translation>Die OAuth2-Metadaten von %1 sind nicht verwendbar: %2</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="101"/>
        <source>An issuer URL has no query or fragment (RFC 8414 §2): drop what follows ? or #.</source>
        <translation>Eine Aussteller-URL hat keine Query und kein Fragment (RFC 8414 §2): Entfernen Sie, was auf ? oder # folgt.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="125"/>
        <source>it is not a JSON object.</source>
        <translation>es ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="134"/>
        <source>The metadata names the issuer “%1”, not “%2”: refused, since a server speaking for another issuer could take the client secret (a mix-up attack). If that is the server you mean, use its issuer URL exactly.</source>
        <translation>Die Metadaten nennen den Aussteller „%1“, nicht „%2“: abgelehnt, denn ein Server, der für einen anderen Aussteller spricht, könnte das Client-Geheimnis abgreifen (ein Mix-up-Angriff). Wenn Sie diesen Server meinen, verwenden Sie genau seine Aussteller-URL.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="141"/>
        <source>it names no token_endpoint.</source>
        <translation>es nennt keinen token_endpoint.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="150"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="155"/>
        <source>The server does not accept %1 (it lists %2).</source>
        <translation>Der Server akzeptiert %1 nicht (er nennt %2).</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="158"/>
        <source>as asked; a JSON body is a vendor convention the metadata cannot confirm</source>
        <translation>wie gewünscht; ein JSON-Körper ist eine Anbieterkonvention, die die Metadaten nicht bestätigen können</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="160"/>
        <source>as asked; the server lists %1</source>
        <translation>wie gewünscht; der Server nennt %1</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="164"/>
        <source>client_secret_basic: the server lists it, and it keeps the secret out of the request body (RFC 6749 §2.3.1 asks servers to support it)</source>
        <translation>client_secret_basic: Der Server nennt es, und es hält das Geheimnis aus dem Anfragekörper heraus (RFC 6749 §2.3.1 verlangt, dass Server es unterstützen)</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="170"/>
        <source>client_secret_post: the only method the server lists that works with a client secret</source>
        <translation>client_secret_post: die einzige vom Server genannte Methode, die mit einem Client-Geheimnis funktioniert</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="173"/>
        <source>The server accepts only %1; KeyDesk can authenticate with client_secret_basic or client_secret_post.</source>
        <translation>Der Server akzeptiert nur %1; KeyDesk kann sich mit client_secret_basic oder client_secret_post authentifizieren.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="179"/>
        <source> (the token endpoint is on %1, not on the issuer&apos;s host)</source>
        <translation> (der Token-Endpunkt liegt auf %1, nicht auf dem Host des Ausstellers)</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="204"/>
        <source>No OAuth2 metadata was found for %1 (%2).</source>
        <translation>Für %1 wurden keine OAuth2-Metadaten gefunden (%2).</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="220"/>
        <source>it is larger than %1 KB.</source>
        <translation>es ist größer als %1 KB.</translation>
    </message>
    <message>
        <location filename="../src/net/ProviderDiscovery.cpp" line="225"/>
        <source>%1 answered HTTP %2</source>
        <translation>%1 antwortete mit HTTP %2</translation>
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
        <translation>HTTP Basic (wie curl -u)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="43"/>
        <source>Form post (client_id/client_secret in the body)</source>
        <translation>Formular-POST (client_id/client_secret im Körper)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="46"/>
        <source>JSON body</source>
        <translation>JSON-Körper</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="48"/>
        <source>Private key JWT (RFC 7523)</source>
        <translation>Private-Key-JWT (RFC 7523)</translation>
    </message>
    <message>
        <location filename="../src/core/ProviderSettings.cpp" line="65"/>
        <source>“%1” is not a header: %2</source>
        <translation>„%1“ ist kein Header: %2</translation>
    </message>
</context>
<context>
    <name>PublicKeyDialog</name>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="24"/>
        <source>Public Key of %1</source>
        <translation>Öffentlicher Schlüssel von %1</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="26"/>
        <source>Register this public key with the vendor for client “%1”, or give them a JWKS URL that serves it. KeyDesk signs each token request with the private key, which stays in the OS keychain and is never shown.</source>
        <translation>Registrieren Sie diesen öffentlichen Schlüssel beim Anbieter für den Client „%1“ oder nennen Sie ihm eine JWKS-URL, die ihn bereitstellt. KeyDesk signiert jede Token-Anfrage mit dem privaten Schlüssel, der im Schlüsselbund des Systems bleibt und nie angezeigt wird.</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="36"/>
        <source>JWKS (a key set, as most consoles ask)</source>
        <translation>JWKS (ein Schlüsselsatz, wie ihn die meisten Konsolen verlangen)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="37"/>
        <source>JWK (this key alone)</source>
        <translation>JWK (nur dieser Schlüssel)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="38"/>
        <source>PEM (SubjectPublicKeyInfo)</source>
        <translation>PEM (SubjectPublicKeyInfo)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="40"/>
        <source>Key ID (kid):</source>
        <translation>Schlüssel-ID (kid):</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="41"/>
        <source>Algorithm:</source>
        <translation>Algorithmus:</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="42"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="49"/>
        <source>Public key</source>
        <translation>Öffentlicher Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="54"/>
        <source>C&amp;opy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="55"/>
        <source>&amp;Save As…</source>
        <translation>&amp;Speichern unter…</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="96"/>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="104"/>
        <source>Save the Public Key</source>
        <translation>Öffentlichen Schlüssel speichern</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="105"/>
        <source>PEM files (*.pem)</source>
        <translation>PEM-Dateien (*.pem)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="105"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="110"/>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/PublicKeyDialog.cpp" line="111"/>
        <source>Saved to %1.</source>
        <translation>Unter %1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../src/app/main.cpp" line="73"/>
        <source>KeyDesk keeps API keys and OAuth2 client credentials: it creates, rotates and deactivates keys at a KeyDesk service, gets and tests tokens, and keeps every secret in the OS keychain. Without options it opens its window (or brings the running one to the front).</source>
        <translation>KeyDesk verwaltet API-Schlüssel und OAuth2-Zugangsdaten (Client Credentials): Es erstellt, rotiert und deaktiviert Schlüssel bei einem KeyDesk-Dienst, holt und testet Tokens und bewahrt jedes Geheimnis im Schlüsselbund des Systems auf. Ohne Optionen öffnet es sein Fenster (oder holt das bereits laufende in den Vordergrund).</translation>
    </message>
    <message>
        <location filename="../src/app/main.cpp" line="90"/>
        <source>KeyDesk</source>
        <translation>KeyDesk</translation>
    </message>
    <message>
        <location filename="../src/app/main.cpp" line="97"/>
        <source>KeyDesk cannot open its inventory</source>
        <translation>KeyDesk kann sein Inventar nicht öffnen</translation>
    </message>
    <message>
        <location filename="../src/app/main.cpp" line="111"/>
        <source>KeyDesk cannot start its local service</source>
        <translation>KeyDesk kann seinen lokalen Dienst nicht starten</translation>
    </message>
</context>
<context>
    <name>RefreshMessage</name>
    <message>
        <location filename="../src/gui/RefreshMessage.cpp" line="11"/>
        <source>Could not refresh: %1 The inventory shows the last synced state.</source>
        <translation>Aktualisierung fehlgeschlagen: %1 Das Inventar zeigt den zuletzt abgeglichenen Stand.</translation>
    </message>
    <message>
        <location filename="../src/gui/RefreshMessage.cpp" line="17"/>
        <source>Could not refresh %1: %2 Its keys show the last synced state.</source>
        <translation>%1 konnte nicht aktualisiert werden: %2 Seine Schlüssel zeigen den zuletzt abgeglichenen Stand.</translation>
    </message>
</context>
<context>
    <name>ReminderPlanner</name>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="22"/>
        <source>API key expired</source>
        <translation>API-Schlüssel abgelaufen</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="23"/>
        <source>“%1” (%2) has expired. Anything still using it is refused now: generate a successor.</source>
        <translation>„%1“ (%2) ist abgelaufen. Alles, was ihn noch verwendet, wird jetzt abgewiesen: Erzeugen Sie einen Nachfolger.</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="34"/>
        <source>API key expiring soon</source>
        <translation>API-Schlüssel läuft bald ab</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="37"/>
        <source>“%2” (%3) expires in %1 day. Rotate it before then.</source>
        <translation>„%2“ (%3) läuft in %1 Tag ab. Rotieren Sie ihn vorher.</translation>
    </message>
    <message>
        <location filename="../src/core/ReminderPlanner.cpp" line="39"/>
        <source>“%2” (%3) expires in %1 days. Rotate it before then.</source>
        <translation>„%2“ (%3) läuft in %1 Tagen ab. Rotieren Sie ihn vorher.</translation>
    </message>
</context>
<context>
    <name>RemoveConnection</name>
    <message>
        <location filename="../src/usecases/RemoveConnection.cpp" line="25"/>
        <source>The local service cannot be removed.</source>
        <translation>Der lokale Dienst kann nicht entfernt werden.</translation>
    </message>
    <message>
        <location filename="../src/usecases/RemoveConnection.cpp" line="44"/>
        <source>“%1” was kept: the OS keychain did not delete %2.</source>
        <translation>„%1“ wurde beibehalten: Der Schlüsselbund des Systems hat %2 nicht gelöscht.</translation>
    </message>
    <message>
        <location filename="../src/usecases/RemoveConnection.cpp" line="50"/>
        <source>“%1” and its secrets are removed from this computer.</source>
        <translation>„%1“ und ihre Geheimnisse wurden von diesem Computer entfernt.</translation>
    </message>
</context>
<context>
    <name>ReplaceSecret</name>
    <message>
        <location filename="../src/usecases/ReplaceSecret.cpp" line="21"/>
        <source>A key of a KeyDesk service is rotated there, not replaced here.</source>
        <translation>Ein Schlüssel eines KeyDesk-Dienstes wird dort rotiert, nicht hier ersetzt.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ReplaceSecret.cpp" line="24"/>
        <source>Paste the new secret.</source>
        <translation>Fügen Sie das neue Geheimnis ein.</translation>
    </message>
    <message>
        <location filename="../src/usecases/ReplaceSecret.cpp" line="37"/>
        <source>The old secret is kept: the new one could not be stored in the OS keychain. %1</source>
        <translation>Das bisherige Geheimnis bleibt: Das neue konnte nicht im Schlüsselbund des Systems abgelegt werden. %1</translation>
    </message>
</context>
<context>
    <name>ReplyErrorMapper</name>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="63"/>
        <source>Cannot reach the service at %1: nothing is listening there (connection refused).</source>
        <translation>Der Dienst unter %1 ist nicht erreichbar: Dort lauscht nichts (Verbindung abgelehnt).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="70"/>
        <source>Cannot reach the service: the host in %1 was not found (check the address).</source>
        <translation>Der Dienst ist nicht erreichbar: Der Host in %1 wurde nicht gefunden (prüfen Sie die Adresse).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="79"/>
        <source>The service at %1 did not answer in time.</source>
        <translation>Der Dienst unter %1 hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="87"/>
        <source>The secure connection to %1 failed: its certificate is not trusted or does not match. KeyDesk does not ignore certificate errors.</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen: Das Zertifikat ist nicht vertrauenswürdig oder passt nicht. KeyDesk ignoriert keine Zertifikatsfehler.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="32"/>
        <source>The service at %1 redirected the request elsewhere; KeyDesk does not follow redirects to another address with your credentials.</source>
        <translation>Der Dienst unter %1 hat die Anfrage umgeleitet; KeyDesk folgt mit Ihren Zugangsdaten keinen Umleitungen an eine andere Adresse.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="102"/>
        <source>Cannot reach the service at %1.</source>
        <translation>Der Dienst unter %1 ist nicht erreichbar.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="118"/>
        <source>The service did not understand the request.</source>
        <translation>Der Dienst hat die Anfrage nicht verstanden.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="123"/>
        <source>The service did not accept the credentials (invalid or expired).</source>
        <translation>Der Dienst hat die Zugangsdaten nicht akzeptiert (ungültig oder abgelaufen).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="128"/>
        <source>These credentials have no access to this endpoint.</source>
        <translation>Diese Zugangsdaten haben keinen Zugriff auf diesen Endpunkt.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="133"/>
        <source>The service does not know this item (it may have been deleted).</source>
        <translation>Der Dienst kennt diesen Eintrag nicht (er wurde möglicherweise gelöscht).</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="139"/>
        <source>The project has reached its key limit.</source>
        <translation>Das Projekt hat seine Höchstzahl an Schlüsseln erreicht.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="143"/>
        <source>That conflicts with something that already exists.</source>
        <translation>Das steht im Konflikt mit etwas bereits Vorhandenem.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="148"/>
        <source>The request was too large for the service.</source>
        <translation>Die Anfrage war zu groß für den Dienst.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="154"/>
        <source>The service refused the values sent.</source>
        <translation>Der Dienst hat die gesendeten Werte abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="46"/>
        <source>Try again in %1 second.</source>
        <translation>Versuchen Sie es in %1 Sekunde erneut.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="47"/>
        <source>Try again in %1 seconds.</source>
        <translation>Versuchen Sie es in %1 Sekunden erneut.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="48"/>
        <source>Try again in a moment.</source>
        <translation>Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="159"/>
        <source>Too many requests.</source>
        <translation>Zu viele Anfragen.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="170"/>
        <source>The service at %1 is unavailable right now.</source>
        <translation>Der Dienst unter %1 ist gerade nicht verfügbar.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="181"/>
        <source>The service had an internal problem (HTTP %1). Try again later.</source>
        <translation>Im Dienst ist ein interner Fehler aufgetreten (HTTP %1). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="186"/>
        <source>The service answered with an unexpected HTTP status %1.</source>
        <translation>Der Dienst hat mit dem unerwarteten HTTP-Status %1 geantwortet.</translation>
    </message>
    <message>
        <location filename="../src/net/ReplyErrorMapper.cpp" line="197"/>
        <source>%1 did not finish its answer within %2 s; KeyDesk stopped waiting.</source>
        <translation>%1 hat die Antwort nicht innerhalb von %2 s abgeschlossen; KeyDesk wartet nicht länger.</translation>
    </message>
</context>
<context>
    <name>RequestToken</name>
    <message>
        <location filename="../src/usecases/RequestToken.cpp" line="19"/>
        <source>The secret of “%1” is not available on this computer: it was not kept in this keychain, or was removed.</source>
        <translation>Das Geheimnis von „%1“ ist auf diesem Computer nicht verfügbar: Es wurde nicht in diesem Schlüsselbund aufbewahrt oder wurde entfernt.</translation>
    </message>
    <message>
        <location filename="../src/usecases/RequestToken.cpp" line="30"/>
        <source>“%1” is an API key: it is sent as it is, there is no token to get.</source>
        <translation>„%1“ ist ein API-Schlüssel: Er wird unverändert gesendet, es gibt kein Token abzurufen.</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../src/core/Role.cpp" line="33"/>
        <source>Viewer</source>
        <translation>Betrachter</translation>
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
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location filename="../src/core/Role.cpp" line="66"/>
        <source>This needs the %1 role; you are %2.</source>
        <translation>Dafür ist die Rolle %1 nötig; Sie sind %2.</translation>
    </message>
</context>
<context>
    <name>RotateKey</name>
    <message>
        <location filename="../src/usecases/RotateKey.cpp" line="24"/>
        <source>Not connected to the service of “%1”: nothing was created.</source>
        <translation>Keine Verbindung zum Dienst von „%1“: Es wurde nichts erstellt.</translation>
    </message>
</context>
<context>
    <name>RotationFlow</name>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="30"/>
        <location filename="../src/gui/RotationFlow.cpp" line="67"/>
        <location filename="../src/gui/RotationFlow.cpp" line="93"/>
        <source>Rotate key</source>
        <translation>Schlüssel rotieren</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="31"/>
        <source>Create “%1” to replace “%2” (expiry: %3)? Its secret is shown once. “%2” keeps working until you confirm the new key is deployed.</source>
        <translation>„%1“ als Ersatz für „%2“ erstellen (Ablauf: %3)? Sein Geheimnis wird einmal angezeigt. „%2“ funktioniert weiter, bis Sie bestätigen, dass der neue Schlüssel eingesetzt ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="35"/>
        <source>&amp;Rotate</source>
        <translation>&amp;Rotieren</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="37"/>
        <source>Rotation cancelled.</source>
        <translation>Rotation abgebrochen.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="38"/>
        <source>Creating “%1”…</source>
        <translation>„%1“ wird erstellt…</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="44"/>
        <source>Rotation stopped: %1</source>
        <translation>Rotation gestoppt: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="48"/>
        <source>Created “%1”. Copy its secret now: it is shown once.</source>
        <translation>„%1“ erstellt. Kopieren Sie jetzt sein Geheimnis: Es wird nur einmal angezeigt.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="59"/>
        <source>“%1” is ready to deploy.</source>
        <translation>„%1“ ist bereit zum Einsatz.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="68"/>
        <source>Is “%1” deployed everywhere “%2” was used? Deactivate “%2” now?</source>
        <translation>Ist „%1“ überall eingesetzt, wo „%2“ verwendet wurde? „%2“ jetzt deaktivieren?</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="70"/>
        <source>&amp;Deactivate</source>
        <translation>&amp;Deaktivieren</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="70"/>
        <source>&amp;Not Yet</source>
        <translation>&amp;Noch nicht</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="73"/>
        <source>“%1” is ready. Deactivate “%2” once the new key is deployed.</source>
        <translation>„%1“ ist bereit. Deaktivieren Sie „%2“, sobald der neue Schlüssel eingesetzt ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="83"/>
        <source>Could not deactivate “%1”: %2</source>
        <translation>„%1“ konnte nicht deaktiviert werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="85"/>
        <source>“%1” is deactivated.</source>
        <translation>„%1“ ist deaktiviert.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="94"/>
        <source>“%1” is deactivated. Delete it now? You can also delete it later from the Keys menu.</source>
        <translation>„%1“ ist deaktiviert. Jetzt löschen? Sie können ihn auch später über das Menü „Schlüssel“ löschen.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="96"/>
        <source>&amp;Delete Key</source>
        <translation>Schlüssel &amp;löschen</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="96"/>
        <source>&amp;Keep It</source>
        <translation>&amp;Behalten</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="110"/>
        <source>Rotation done; “%1” is inactive and can be deleted later.</source>
        <translation>Rotation abgeschlossen; „%1“ ist inaktiv und kann später gelöscht werden.</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="121"/>
        <source>Could not delete “%1”: %2</source>
        <translation>„%1“ konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/RotationFlow.cpp" line="124"/>
        <source>Rotation done; “%1” was deleted.</source>
        <translation>Rotation abgeschlossen; „%1“ wurde gelöscht.</translation>
    </message>
</context>
<context>
    <name>Router</name>
    <message>
        <location filename="../src/server/Router.cpp" line="46"/>
        <source>%1 is not allowed here; use %2.</source>
        <translation>%1 ist hier nicht erlaubt; verwenden Sie %2.</translation>
    </message>
    <message>
        <location filename="../src/server/Router.cpp" line="51"/>
        <source>There is nothing at %1.</source>
        <translation>Unter %1 gibt es nichts.</translation>
    </message>
</context>
<context>
    <name>RunCommands</name>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="49"/>
        <source>Print one secret or token for a script: keydesk-cli read keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token].</source>
        <translation>Ein Geheimnis oder Token für ein Skript ausgeben: keydesk-cli read keydesk://&lt;Verbindung&gt;/&lt;Zugangsdaten&gt;[/secret|/token].</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="53"/>
        <source>keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token]</source>
        <translation>keydesk://&lt;Verbindung&gt;/&lt;Zugangsdaten&gt;[/secret|/token]</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="54"/>
        <source>Print a secret even to a terminal</source>
        <translation>Ein Geheimnis auch auf einem Terminal ausgeben</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="59"/>
        <source>read takes one keydesk:// reference.</source>
        <translation>read erwartet genau einen keydesk://-Verweis.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="66"/>
        <source>That would show the value on this terminal; add --reveal, or pipe it to the program that needs it.</source>
        <translation>Das würde den Wert auf diesem Terminal zeigen; fügen Sie --reveal hinzu oder leiten Sie ihn an das Programm weiter, das ihn braucht.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="82"/>
        <source>Run a program with secrets and tokens in its environment: keydesk-cli run --env API_KEY=&lt;credential&gt;[:secret|:token] -- program arguments…</source>
        <translation>Ein Programm mit Geheimnissen und Tokens in seiner Umgebung starten: keydesk-cli run --env API_KEY=&lt;Zugangsdaten&gt;[:secret|:token] -- Programm Argumente …</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="85"/>
        <source>The program and its arguments, after --</source>
        <translation>Das Programm und seine Argumente, nach --</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="86"/>
        <source>NAME=&lt;credential&gt;[:secret|:token] (repeatable)</source>
        <translation>NAME=&lt;Zugangsdaten&gt;[:secret|:token] (wiederholbar)</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="87"/>
        <source>assignment</source>
        <translation>Zuweisung</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="90"/>
        <source>A .env file; keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token] values are resolved, the rest passed on as they are (repeatable)</source>
        <translation>Eine .env-Datei; keydesk://&lt;Verbindung&gt;/&lt;Zugangsdaten&gt;[/secret|/token]-Werte werden aufgelöst, der Rest unverändert weitergegeben (wiederholbar)</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="92"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="94"/>
        <source>Do not conceal the values in the program&apos;s output</source>
        <translation>Die Werte in der Ausgabe des Programms nicht verbergen</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="100"/>
        <source>Name the program to run after --.</source>
        <translation>Nennen Sie das auszuführende Programm nach --.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="126"/>
        <source>--env takes NAME=&lt;credential&gt;[:secret|:token], with NAME made of letters, digits and _; not “%1”.</source>
        <translation>--env erwartet NAME=&lt;Zugangsdaten&gt;[:secret|:token], NAME aus Buchstaben, Ziffern und _; nicht „%1“.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="135"/>
        <source>Give at least one --env or an --env-file with a keydesk:// value.</source>
        <translation>Geben Sie mindestens ein --env oder eine --env-file mit einem keydesk://-Wert an.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="150"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="153"/>
        <source>%1 is larger than 1 MB; it is not an .env file.</source>
        <translation>%1 ist größer als 1 MB; das ist keine .env-Datei.</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="167"/>
        <source>%1, line %2: write NAME=value (NAME made of letters, digits and _).</source>
        <translation>%1, Zeile %2: Schreiben Sie NAME=Wert (NAME aus Buchstaben, Ziffern und _).</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="199"/>
        <source>“%1” signs with a private key, which never leaves the OS keychain: ask for a token instead (:token, or /token in a keydesk:// reference).</source>
        <translation>„%1“ signiert mit einem privaten Schlüssel, der den Schlüsselbund des Systems nie verlässt: Fordern Sie stattdessen ein Token an (:token oder /token in einer keydesk://-Referenz).</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="210"/>
        <source>“%1” is an API key: it has no token. Ask for its secret (:secret).</source>
        <translation>„%1“ ist ein API-Schlüssel: Er hat kein Token. Fragen Sie nach seinem Geheimnis (:secret).</translation>
    </message>
    <message>
        <location filename="../src/cli/RunCommands.cpp" line="251"/>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <location filename="../ui/SecretDialog.ui" line="6"/>
        <source>Your new API key</source>
        <translation>Ihr neuer API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="10"/>
        <source>&lt;b&gt;Copy the secret now.&lt;/b&gt; It is shown only this once: after you close this window nobody, KeyDesk included, can show it again.</source>
        <translation>&lt;b&gt;Kopieren Sie das Geheimnis jetzt.&lt;/b&gt; Es wird nur dieses eine Mal angezeigt: Nach dem Schließen dieses Fensters kann es niemand, auch KeyDesk nicht, wieder anzeigen.</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="16"/>
        <location filename="../src/gui/SecretDialog.cpp" line="47"/>
        <source>Key ID</source>
        <translation>Schlüssel-ID</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="15"/>
        <location filename="../ui/SecretDialog.ui" line="18"/>
        <location filename="../ui/SecretDialog.ui" line="22"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="13"/>
        <location filename="../src/gui/SecretDialog.cpp" line="51"/>
        <source>Project ID</source>
        <translation>Projekt-ID</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="19"/>
        <location filename="../src/gui/SecretDialog.cpp" line="95"/>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="21"/>
        <location filename="../src/gui/SecretDialog.cpp" line="43"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="25"/>
        <source>Keep in the OS keychain for token generation</source>
        <translation>Im Schlüsselbund des Systems für die Token-Erzeugung aufbewahren</translation>
    </message>
    <message>
        <location filename="../ui/SecretDialog.ui" line="26"/>
        <source>I have stored this secret</source>
        <translation>Ich habe dieses Geheimnis gespeichert</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="39"/>
        <source>Keep in the OS keychain (no keychain is available)</source>
        <translation>Im Schlüsselbund aufbewahren (kein Schlüsselbund verfügbar)</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="43"/>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="78"/>
        <source>The secret of “%1”.</source>
        <translation>Das Geheimnis von „%1“.</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="79"/>
        <source>The secret of “%1”, which replaces “%2”.</source>
        <translation>Das Geheimnis von „%1“, der „%2“ ersetzt.</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="81"/>
        <source>Your new API key: %1</source>
        <translation>Ihr neuer API-Schlüssel: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="82"/>
        <source>Rotated key: %1</source>
        <translation>Rotierter Schlüssel: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretDialog.cpp" line="144"/>
        <source>The secret was not stored: %1</source>
        <translation>Das Geheimnis wurde nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>SecretPresenceMarks</name>
    <message>
        <location filename="../src/gui/SecretPresenceMarks.cpp" line="92"/>
        <source>secret not on this computer</source>
        <translation>Geheimnis nicht auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretPresenceMarks.cpp" line="97"/>
        <source>no secret here</source>
        <translation>kein Geheimnis hier</translation>
    </message>
    <message>
        <location filename="../src/gui/SecretPresenceMarks.cpp" line="102"/>
        <source>This computer&apos;s keychain has no secret for this key: it was made on another computer, or the entry was removed. Ask whoever keeps it; if nobody can find it, deactivate the key and make a new one (or Replace Secret for a provider credential).</source>
        <translation>Der Schlüsselbund dieses Computers enthält kein Geheimnis für diesen Schlüssel: Er wurde auf einem anderen Computer erstellt, oder der Eintrag wurde entfernt. Fragen Sie, wer ihn aufbewahrt; findet ihn niemand, deaktivieren Sie den Schlüssel und erstellen Sie einen neuen (oder „Geheimnis ersetzen“ bei Anbieter-Zugangsdaten).</translation>
    </message>
</context>
<context>
    <name>SecretReference</name>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="12"/>
        <source>“%1” is not a credential reference: %2</source>
        <translation>„%1“ ist kein Verweis auf Zugangsdaten: %2</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="30"/>
        <source>it must start with keydesk://.</source>
        <translation>er muss mit keydesk:// beginnen.</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="35"/>
        <location filename="../src/core/SecretReference.cpp" line="56"/>
        <source>write it as keydesk://&lt;connection&gt;/&lt;credential&gt;[/secret|/token].</source>
        <translation>schreiben Sie ihn als keydesk://&lt;Verbindung&gt;/&lt;Zugangsdaten&gt;[/secret|/token].</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="43"/>
        <source>its last part must be secret or token.</source>
        <translation>sein letzter Teil muss secret oder token sein.</translation>
    </message>
    <message>
        <location filename="../src/core/SecretReference.cpp" line="68"/>
        <source>it names no credential.</source>
        <translation>er nennt keine Zugangsdaten.</translation>
    </message>
</context>
<context>
    <name>SecretServiceCollection</name>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="14"/>
        <source>KeyDesk could not prepare the keychain&apos;s encryption.</source>
        <translation>KeyDesk konnte die Verschlüsselung für den Schlüsselbund nicht vorbereiten.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="22"/>
        <source>The OS keychain (%1) sent an unusable key for encrypting secrets; nothing was sent to it.</source>
        <translation>Der Schlüsselbund des Systems (%1) hat einen unbrauchbaren Schlüssel für die Verschlüsselung gesendet; nichts wurde an ihn übertragen.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="63"/>
        <source>No keyring was created in %1, so the secret cannot be stored. Nothing was changed.</source>
        <translation>In %1 wurde kein Schlüsselbund angelegt, daher kann das Geheimnis nicht gespeichert werden. Nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="90"/>
        <source>The OS keychain (%1) is locked.</source>
        <translation>Der Schlüsselbund des Systems (%1) ist gesperrt.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceCollection.cpp" line="94"/>
        <source>The OS keychain (%1) is locked and was not unlocked. Unlock it and retry; nothing was changed.</source>
        <translation>Der Schlüsselbund des Systems (%1) ist gesperrt und wurde nicht entsperrt. Entsperren Sie ihn und versuchen Sie es erneut; nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>SecretServiceJob</name>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="75"/>
        <source>The OS keychain cannot be reached: there is no D-Bus session bus. KeyDesk keeps working with key details only; secrets cannot be stored or read.</source>
        <translation>Der Schlüsselbund des Systems ist nicht erreichbar: Es gibt keinen D-Bus-Sitzungsbus. KeyDesk arbeitet nur mit Schlüsseldetails weiter; Geheimnisse können weder gespeichert noch gelesen werden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="139"/>
        <source>The OS keychain (%1) quit before it answered. Start it again and retry.</source>
        <translation>Der Schlüsselbund des Systems (%1) wurde beendet, bevor er antwortete. Starten Sie ihn erneut und versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="188"/>
        <source>The OS keychain (%1) is locked. Unlock it and retry.</source>
        <translation>Der Schlüsselbund des Systems (%1) ist gesperrt. Entsperren Sie ihn und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="198"/>
        <source>The OS keychain (%1) refused access to the secret.</source>
        <translation>Der Schlüsselbund des Systems (%1) hat den Zugriff auf das Geheimnis verweigert.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="206"/>
        <source>The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps working with key details only; secrets cannot be stored or read.</source>
        <translation>Der Schlüsselbund des Systems ist nicht erreichbar (kein Secret Service auf dem Sitzungsbus). KeyDesk arbeitet nur mit Schlüsseldetails weiter; Geheimnisse können weder gespeichert noch gelesen werden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceJob.cpp" line="210"/>
        <source>The OS keychain (%1) reported an error.</source>
        <translation>Der Schlüsselbund des Systems (%1) hat einen Fehler gemeldet.</translation>
    </message>
</context>
<context>
    <name>SecretServiceKeychain</name>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="45"/>
        <source>The OS keychain is asking you to unlock it or to allow access; KeyDesk waits for your answer.</source>
        <translation>Der Schlüsselbund des Systems bittet Sie, ihn zu entsperren oder den Zugriff zu erlauben; KeyDesk wartet auf Ihre Antwort.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="47"/>
        <source>%1 is asking you to unlock it or to allow access; KeyDesk waits for your answer.</source>
        <translation>%1 bittet Sie, die Datenbank zu entsperren oder den Zugriff zu erlauben; KeyDesk wartet auf Ihre Antwort.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="72"/>
        <source>Access to the secret was not allowed in %1. Nothing was changed.</source>
        <translation>Der Zugriff auf das Geheimnis wurde in %1 nicht erlaubt. Nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="116"/>
        <source>KeyDesk could not encrypt the secret for the keychain.</source>
        <translation>KeyDesk konnte das Geheimnis für den Schlüsselbund nicht verschlüsseln.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="124"/>
        <source>%1 did not allow the secret to be stored.</source>
        <translation>%1 hat das Speichern des Geheimnisses nicht erlaubt.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="136"/>
        <source>%1 said it stored the secret, but it is not there. Nothing was stored; unlock the keychain and retry.</source>
        <translation>%1 meldete das Geheimnis als gespeichert, aber es ist nicht vorhanden. Nichts wurde gespeichert; entsperren Sie den Schlüsselbund und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="156"/>
        <source>%1 did not take the new secret; the one it held before is still there.</source>
        <translation>%1 hat das neue Geheimnis nicht übernommen; das bisherige ist noch vorhanden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="175"/>
        <source>The secret from the OS keychain could not be decrypted.</source>
        <translation>Das Geheimnis aus dem Schlüsselbund des Systems konnte nicht entschlüsselt werden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="187"/>
        <source>The OS keychain did not finish storing the secret in time, so it is not known to be stored. Nothing was dropped; retry once the keychain answers.</source>
        <translation>Der Schlüsselbund des Systems hat das Speichern nicht rechtzeitig abgeschlossen, daher ist nicht bekannt, ob das Geheimnis gespeichert ist. Nichts wurde verworfen; versuchen Sie es erneut, sobald der Schlüsselbund antwortet.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="212"/>
        <source>The OS keychain did not hand over the secret in time.</source>
        <translation>Der Schlüsselbund des Systems hat das Geheimnis nicht rechtzeitig herausgegeben.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="218"/>
        <source>The OS keychain holds no secret for %1.</source>
        <translation>Der Schlüsselbund des Systems enthält kein Geheimnis für %1.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="227"/>
        <source>The keychain entry for %1 is not in the form KeyDesk writes.</source>
        <translation>Der Schlüsselbund-Eintrag für %1 hat nicht die Form, in der KeyDesk schreibt.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="243"/>
        <source>%1 did not allow the secret to be deleted; it is still there.</source>
        <translation>%1 hat das Löschen des Geheimnisses nicht erlaubt; es ist noch vorhanden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="255"/>
        <source>The OS keychain did not confirm the deletion in time; the secret may still be there.</source>
        <translation>Der Schlüsselbund des Systems hat das Löschen nicht rechtzeitig bestätigt; das Geheimnis ist möglicherweise noch vorhanden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="263"/>
        <source>%1 said it deleted the secret, but it is still there.</source>
        <translation>%1 meldete das Geheimnis als gelöscht, aber es ist noch vorhanden.</translation>
    </message>
    <message>
        <location filename="../src/storage/SecretServiceKeychain.cpp" line="275"/>
        <source>The OS keychain did not answer in time.</source>
        <translation>Der Schlüsselbund des Systems hat nicht rechtzeitig geantwortet.</translation>
    </message>
</context>
<context>
    <name>SelectedKeyView</name>
    <message>
        <location filename="../src/gui/SelectedKeyView.cpp" line="44"/>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <location filename="../src/gui/SelectedKeyView.cpp" line="129"/>
        <source>The connection picked on the left is not a connected KeyDesk service.</source>
        <translation>Die links gewählte Verbindung ist kein verbundener KeyDesk-Dienst.</translation>
    </message>
    <message>
        <location filename="../src/gui/SelectedKeyView.cpp" line="132"/>
        <source>The service is unreachable; refresh (F5) when it is back.</source>
        <translation>Der Dienst ist nicht erreichbar; aktualisieren Sie (F5), sobald er wieder verfügbar ist.</translation>
    </message>
</context>
<context>
    <name>ServerCommandLine</name>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="102"/>
        <source>Show this help.</source>
        <translation>Diese Hilfe anzeigen.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="104"/>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="110"/>
        <source>path|url</source>
        <translation>Pfad|URL</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="120"/>
        <source>Address and port (default 127.0.0.1:8080).</source>
        <translation>Adresse und Port (Standard 127.0.0.1:8080).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="121"/>
        <source>host:port</source>
        <translation>Host:Port</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="124"/>
        <source>Serve plain HTTP on a non-loopback address (tokens and secrets cross the network in clear: only behind a TLS-terminating proxy on a trusted link).</source>
        <translation>Klartext-HTTP auf einer Adresse außerhalb dieses Rechners anbieten (Tokens und Geheimnisse gehen unverschlüsselt übers Netz: nur hinter einem TLS-Proxy in einem vertrauenswürdigen Netz).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="130"/>
        <source>PEM certificate (chain) for HTTPS.</source>
        <translation>PEM-Zertifikat (oder -Kette) für HTTPS.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="117"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="131"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="135"/>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="53"/>
        <source>users wants list, add, set-role or remove.</source>
        <translation>users erwartet list, add, set-role oder remove.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="58"/>
        <source>users %1 wants --name: a letter, then up to 63 letters, digits or . _ @ + -.</source>
        <translation>users %1 erwartet --name: einen Buchstaben, dann bis zu 63 Buchstaben, Ziffern oder . _ @ + -.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="67"/>
        <source>users %1 wants --role owner, admin, support or viewer.</source>
        <translation>users %1 erwartet --role owner, admin, support oder viewer.</translation>
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
        <translation>KeyDesk-Zugangsdatendienst: API-Schlüssel und OAuth2-Client-Credentials-Tokens.

Befehle:
  serve               die API bereitstellen (Standard)
  init                die Datenbank anlegen und einmalig ein neues Admin-Token
                      ausgeben
  rotate-admin-token  das Admin-Token ersetzen und das neue einmalig ausgeben
  rotate-signing-key  Tokens ab jetzt mit einem neuen Schlüssel signieren (mit
                      älteren Schlüsseln signierte Tokens bleiben bis zu ihrem
                      Ablauf gültig)
  users list          die Personen, die die Admin-API nutzen dürfen, mit ihren
                      Rollen
  users add           eine Person hinzufügen (--name, --role) und ihr
                      persönliches Token einmalig ausgeben
  users set-role      die Rolle einer Person ändern (--name, --role)
  users remove        eine Person entfernen (--name); ihr Token funktioniert
                      sofort nicht mehr

Rollen: viewer liest Projekte, Schlüssel und Ereignisse; support aktiviert und
deaktiviert außerdem Schlüssel; admin erstellt und löscht außerdem Schlüssel
und Projekte; owner verwaltet außerdem Personen.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="98"/>
        <source>serve, init, rotate-admin-token, rotate-signing-key or users</source>
        <translation>serve, init, rotate-admin-token, rotate-signing-key oder users</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="107"/>
        <source>SQLite file, or postgresql://user@host:port/db?sslmode=verify-full&amp;... with any libpq parameter (default: ./keydesk-server.sqlite).</source>
        <translation>SQLite-Datei oder postgresql://benutzer@host:port/db?sslmode=verify-full&amp;... mit beliebigen libpq-Parametern (Standard: ./keydesk-server.sqlite).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="114"/>
        <source>PostgreSQL password, first line of an owner-only file (else PGPASSWORD or ~/.pgpass; a password in the URL shows in the process list).</source>
        <translation>PostgreSQL-Passwort, erste Zeile einer nur für den Eigentümer lesbaren Datei (sonst PGPASSWORD oder ~/.pgpass; ein Passwort in der URL ist in der Prozessliste sichtbar).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="134"/>
        <source>PEM private key for HTTPS.</source>
        <translation>Privater PEM-Schlüssel für HTTPS.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="138"/>
        <source>Keys allowed per project (default 10).</source>
        <translation>Erlaubte Schlüssel pro Projekt (Standard 10).</translation>
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
        <translation>Lebensdauer der Zugriffstokens in Sekunden (Standard 3600).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="143"/>
        <location filename="../src/server/ServerCommandLine.cpp" line="196"/>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="146"/>
        <source>Token requests a second per key, 0 = unlimited (default 20).</source>
        <translation>Token-Anfragen pro Sekunde und Schlüssel, 0 = unbegrenzt (Standard 20).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="164"/>
        <source>Failed authentications a second per source address and per key id, 0 = unlimited (default 1).</source>
        <translation>Fehlgeschlagene Anmeldungen pro Sekunde je Absenderadresse und je Schlüssel-ID, 0 = unbegrenzt (Standard 1).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="170"/>
        <source>Failed authentication burst (default 20).</source>
        <translation>Spitze fehlgeschlagener Anmeldungen (Standard 20).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="174"/>
        <source>A proxy&apos;s address whose X-Forwarded-For is believed for rate limits and logs (repeat, or separate with commas).</source>
        <translation>Adresse eines Proxys, dessen X-Forwarded-For für Ratenbegrenzung und Protokoll geglaubt wird (wiederholen oder durch Kommas trennen).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="177"/>
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="180"/>
        <source>Worker threads running requests (default 16).</source>
        <translation>Arbeits-Threads, die Anfragen ausführen (Standard 16).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="184"/>
        <source>Open connections allowed in all (default 10000).</source>
        <translation>Insgesamt erlaubte offene Verbindungen (Standard 10000).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="188"/>
        <source>Open connections allowed from one address (default 256; raise it behind a proxy, whose connections all come from one address).</source>
        <translation>Erlaubte offene Verbindungen von einer Adresse (Standard 256; hinter einem Proxy erhöhen, dessen Verbindungen alle von einer Adresse kommen).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="151"/>
        <source>Token request burst (default 40).</source>
        <translation>Spitze der Token-Anfragen (Standard 40).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="155"/>
        <source>/health requests a second per key, 0 = unlimited (default 200).</source>
        <translation>/health-Anfragen pro Sekunde und Schlüssel, 0 = unbegrenzt (Standard 200).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="160"/>
        <source>/health burst (default 400).</source>
        <translation>Spitze der /health-Anfragen (Standard 400).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="194"/>
        <source>Seconds a client may take to send a request (default 5).</source>
        <translation>Sekunden, die ein Client zum Senden einer Anfrage brauchen darf (Standard 5).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="199"/>
        <source>A person&apos;s name, for the users commands.</source>
        <translation>Name einer Person, für die users-Befehle.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="200"/>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="203"/>
        <source>owner, admin, support or viewer, for the users commands.</source>
        <translation>owner, admin, support oder viewer, für die users-Befehle.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="205"/>
        <source>role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="208"/>
        <source>Days the audit trail keeps events (default 400).</source>
        <translation>Tage, die der Verlauf Ereignisse aufbewahrt (Standard: 400).</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="209"/>
        <source>days</source>
        <translation>Tage</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="212"/>
        <source>Do not log one line per request.</source>
        <translation>Nicht jede Anfrage mit einer Zeile protokollieren.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="234"/>
        <source>Give one command at most; got: %1</source>
        <translation>Geben Sie höchstens einen Befehl an; erhalten: %1</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="246"/>
        <source>Unknown command “%1”; use serve, init, rotate-admin-token, rotate-signing-key or users.</source>
        <translation>Unbekannter Befehl „%1“; verwenden Sie serve, init, rotate-admin-token, rotate-signing-key oder users.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="260"/>
        <source>--listen wants host:port, for example 127.0.0.1:8080 or [::1]:8080.</source>
        <translation>--listen erwartet Host:Port, zum Beispiel 127.0.0.1:8080 oder [::1]:8080.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="270"/>
        <source>--listen %1 would serve plain HTTP to the network: give --tls-cert and --tls-key, listen on 127.0.0.1 behind a proxy, or say --allow-insecure-http.</source>
        <translation>--listen %1 würde Klartext-HTTP ins Netz anbieten: Geben Sie --tls-cert und --tls-key an, lauschen Sie auf 127.0.0.1 hinter einem Proxy, oder geben Sie --allow-insecure-http an.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="281"/>
        <source>--trusted-proxy wants an IP address; got “%1”.</source>
        <translation>--trusted-proxy erwartet eine IP-Adresse; erhalten: „%1“.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="309"/>
        <source>--%1 wants a whole number from %2 to %3.</source>
        <translation>--%1 erwartet eine ganze Zahl von %2 bis %3.</translation>
    </message>
    <message>
        <location filename="../src/server/ServerCommandLine.cpp" line="322"/>
        <source>--%1 wants a number of requests a second, 0 or more.</source>
        <translation>--%1 erwartet eine Anzahl Anfragen pro Sekunde, 0 oder mehr.</translation>
    </message>
</context>
<context>
    <name>ServiceClient</name>
    <message>
        <location filename="../src/net/ServiceClient.cpp" line="26"/>
        <source>The service sent a reply KeyDesk cannot read.</source>
        <translation>Der Dienst hat eine Antwort gesendet, die KeyDesk nicht lesen kann.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceClient.cpp" line="102"/>
        <source>The service sent a reply larger than %1 MB; it was not read.</source>
        <translation>Der Dienst hat eine Antwort gesendet, die größer als %1 MB ist; sie wurde nicht gelesen.</translation>
    </message>
</context>
<context>
    <name>ServiceDatabase</name>
    <message>
        <location filename="../src/service/PrivateDatabaseFile.cpp" line="29"/>
        <source>%1 can be read by other users (mode %2); it holds the token signing key. Make it private first: chmod 600 %1</source>
        <translation>%1 ist für andere Benutzer lesbar (Modus %2); die Datei enthält den Signaturschlüssel der Tokens. Machen Sie sie zuerst privat: chmod 600 %1</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="144"/>
        <source>The database %1 cannot be reached.</source>
        <translation>Die Datenbank %1 ist nicht erreichbar.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="217"/>
        <source>open the service database %1</source>
        <translation>die Dienstdatenbank %1 zu öffnen</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="241"/>
        <source>configure the service database</source>
        <translation>die Dienstdatenbank zu konfigurieren</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="291"/>
        <source>read the service database</source>
        <translation>die Dienstdatenbank zu lesen</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="314"/>
        <source>write to the service database</source>
        <translation>in die Dienstdatenbank zu schreiben</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="337"/>
        <source>start a transaction</source>
        <translation>eine Transaktion zu beginnen</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="349"/>
        <source>commit a transaction</source>
        <translation>eine Transaktion abzuschließen</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="370"/>
        <source>There is no KeyDesk database at %1 yet; keydesk-server init --database %1 creates one.</source>
        <translation>Unter %1 gibt es noch keine KeyDesk-Datenbank; keydesk-server init --database %1 legt eine an.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="382"/>
        <source>Could not create the folder %1 for the service database.</source>
        <translation>Der Ordner %1 für die Dienstdatenbank konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="394"/>
        <source>open the service database</source>
        <translation>die Dienstdatenbank zu öffnen</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="401"/>
        <source>upgrade the service database</source>
        <translation>die Dienstdatenbank zu aktualisieren</translation>
    </message>
    <message>
        <location filename="../src/service/ServiceDatabase.cpp" line="423"/>
        <source>The service database was written by a newer keydesk-server (schema %1; this one knows up to %2). Upgrade keydesk-server.</source>
        <translation>Die Dienstdatenbank wurde von einem neueren keydesk-server geschrieben (Schema %1; dieser kennt bis %2). Aktualisieren Sie keydesk-server.</translation>
    </message>
</context>
<context>
    <name>ServiceErrorText</name>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="21"/>
        <source>The service did not accept this token: check that it was copied whole, that it is for this server, and that it was not replaced or removed (keydesk-server users list shows who has one).</source>
        <translation>Der Dienst hat dieses Token nicht angenommen: Prüfen Sie, ob es vollständig kopiert wurde, ob es für diesen Server gilt und ob es nicht ersetzt oder entfernt wurde (keydesk-server users list zeigt, wer eines hat).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="25"/>
        <source>The service does not know this item (it may have been deleted).</source>
        <translation>Der Dienst kennt diesen Eintrag nicht (er wurde vielleicht gelöscht).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="28"/>
        <source>That name is taken there already; choose another.</source>
        <translation>Dieser Name ist dort schon vergeben; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="30"/>
        <source>The service refused the name: it starts with a letter and has up to 64 letters, digits, spaces and “-”, “_” or “.”.</source>
        <translation>Der Dienst hat den Namen abgelehnt: Er beginnt mit einem Buchstaben und hat bis zu 64 Buchstaben, Ziffern, Leerzeichen und „-“, „_“ oder „.“.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="34"/>
        <source>The request lacked a value the service needs; nothing was changed.</source>
        <translation>Der Anfrage fehlte ein Wert, den der Dienst braucht; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="37"/>
        <source>The service refused a value of the wrong kind; nothing was changed.</source>
        <translation>Der Dienst hat einen Wert der falschen Art abgelehnt; nichts wurde geändert.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="39"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="40"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="43"/>
        <source>The service could not read the request.</source>
        <translation>Der Dienst konnte die Anfrage nicht lesen.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="41"/>
        <source>The service could not serve the request.</source>
        <translation>Der Dienst konnte die Anfrage nicht bedienen.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="45"/>
        <source>The project has reached its key limit: delete a key it no longer needs first.</source>
        <translation>Das Projekt hat seine Höchstzahl an Schlüsseln erreicht: Löschen Sie zuerst einen Schlüssel, der nicht mehr gebraucht wird.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="48"/>
        <source>The service refused the expiry: 7, 30, 90, 180 or 365 days, or never.</source>
        <translation>Der Dienst hat das Ablaufdatum abgelehnt: 7, 30, 90, 180 oder 365 Tage oder nie.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="51"/>
        <source>The service refused the description (too long, or with control characters).</source>
        <translation>Der Dienst hat die Beschreibung abgelehnt (zu lang oder mit Steuerzeichen).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="54"/>
        <source>The service refused the status: a key is active or inactive.</source>
        <translation>Der Dienst hat den Status abgelehnt: Ein Schlüssel ist aktiv oder inaktiv.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="56"/>
        <source>The service refused a parameter of the request.</source>
        <translation>Der Dienst hat einen Parameter der Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="58"/>
        <source>The service refused the role: viewer, support, admin or owner.</source>
        <translation>Der Dienst hat die Rolle abgelehnt: viewer, support, admin oder owner.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="60"/>
        <source>The service must keep an owner: this would remove or demote the last one.</source>
        <translation>Der Dienst muss einen Eigentümer behalten: Dies würde den letzten entfernen oder herabstufen.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="62"/>
        <source>The service refused the token request as malformed.</source>
        <translation>Der Dienst hat die Token-Anfrage als fehlerhaft abgelehnt.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="65"/>
        <source>The service gives tokens only for client credentials.</source>
        <translation>Der Dienst gibt Tokens nur für Client-Zugangsdaten aus.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="67"/>
        <source>The service did not accept the client id and secret: check that both were copied whole and that the key was not deleted.</source>
        <translation>Der Dienst hat Client-ID und Geheimnis nicht angenommen: Prüfen Sie, ob beide vollständig kopiert wurden und der Schlüssel nicht gelöscht wurde.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="70"/>
        <source>The request carried no key or token.</source>
        <translation>Die Anfrage enthielt keinen Schlüssel und kein Token.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="72"/>
        <source>The service does not know this key: check that it was copied whole and that it was not deleted.</source>
        <translation>Der Dienst kennt diesen Schlüssel nicht: Prüfen Sie, ob er vollständig kopiert und nicht gelöscht wurde.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="75"/>
        <source>This key has expired: rotate it.</source>
        <translation>Dieser Schlüssel ist abgelaufen: Rotieren Sie ihn.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="76"/>
        <source>This key has been deactivated.</source>
        <translation>Dieser Schlüssel wurde deaktiviert.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="78"/>
        <source>The service did not accept the access token: get a new one.</source>
        <translation>Der Dienst hat das Zugriffstoken nicht angenommen: Holen Sie ein neues.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="79"/>
        <source>The access token has expired: get a new one.</source>
        <translation>Das Zugriffstoken ist abgelaufen: Holen Sie ein neues.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="81"/>
        <source>The request carried a header twice that may come only once.</source>
        <translation>Die Anfrage enthielt einen Header doppelt, der nur einmal vorkommen darf.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="82"/>
        <source>Too many requests.</source>
        <translation>Zu viele Anfragen.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="84"/>
        <source>The service cannot reach its database right now.</source>
        <translation>Der Dienst erreicht seine Datenbank gerade nicht.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="86"/>
        <source>The service&apos;s storage is full; whoever runs it must free space.</source>
        <translation>Der Speicher des Dienstes ist voll; wer ihn betreibt, muss Platz schaffen.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="88"/>
        <source>The service had an internal problem. Try again later.</source>
        <translation>Der Dienst hatte ein internes Problem. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="90"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="91"/>
        <source>The service is busy.</source>
        <translation>Der Dienst ist ausgelastet.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="93"/>
        <source>The service stopped waiting for the request.</source>
        <translation>Der Dienst hat aufgehört, auf die Anfrage zu warten.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="95"/>
        <location filename="../src/net/ServiceErrorText.cpp" line="97"/>
        <source>The request was too large for the service.</source>
        <translation>Die Anfrage war für den Dienst zu groß.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="99"/>
        <source>The service does not offer this call (it may be another version).</source>
        <translation>Der Dienst bietet diesen Aufruf nicht an (vielleicht eine andere Version).</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="111"/>
        <source>This needs the %1 role; you are %2.</source>
        <translation>Dafür ist die Rolle %1 nötig; Sie haben %2.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="113"/>
        <source>Your role on the service does not allow this.</source>
        <translation>Ihre Rolle beim Dienst erlaubt dies nicht.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="120"/>
        <source>The project already has %1 key, the most allowed: delete one it no longer needs first.</source>
        <translation>Das Projekt hat schon %1 Schlüssel, die Höchstzahl: Löschen Sie zuerst einen, der nicht mehr gebraucht wird.</translation>
    </message>
    <message>
        <location filename="../src/net/ServiceErrorText.cpp" line="122"/>
        <source>The project already has %1 keys, the most allowed: delete one it no longer needs first.</source>
        <translation>Das Projekt hat schon %1 Schlüssel, die Höchstzahl: Löschen Sie zuerst einen, der nicht mehr gebraucht wird.</translation>
    </message>
</context>
<context>
    <name>ServiceSessions</name>
    <message>
        <location filename="../src/usecases/ServiceSessions.cpp" line="65"/>
        <source>Your token for %1 could not be read from the OS keychain (%2); if it is gone, connect to the service again.</source>
        <translation>Ihr Token für %1 konnte nicht aus dem Schlüsselbund des Systems gelesen werden (%2); falls es fehlt, verbinden Sie sich erneut mit dem Dienst.</translation>
    </message>
</context>
<context>
    <name>SqlErrorMapper</name>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="42"/>
        <source>Could not %1: an entry with the same name exists.</source>
        <translation>Es war nicht möglich, %1: Ein Eintrag mit demselben Namen existiert bereits.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="49"/>
        <source>Could not %1: the database is in use by another program (another KeyDesk?). Close it and try again; nothing was changed.</source>
        <translation>Es war nicht möglich, %1: Die Datenbank wird von einem anderen Programm verwendet (einem anderen KeyDesk?). Schließen Sie es und versuchen Sie es erneut; es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="57"/>
        <source>Could not %1: the database file or its folder is read-only.</source>
        <translation>Es war nicht möglich, %1: Die Datenbankdatei oder ihr Ordner ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="63"/>
        <source>Could not %1: the disk is full. Nothing was changed.</source>
        <translation>Es war nicht möglich, %1: Der Datenträger ist voll. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="70"/>
        <source>Could not %1: writing to the disk failed (it may be full or failing). Nothing was changed.</source>
        <translation>Es war nicht möglich, %1: Das Schreiben auf den Datenträger ist fehlgeschlagen (er ist eventuell voll oder defekt). Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="78"/>
        <source>Could not %1: the file is damaged or is not a KeyDesk database. It was left untouched.</source>
        <translation>Es war nicht möglich, %1: Die Datei ist beschädigt oder keine KeyDesk-Datenbank. Sie wurde nicht verändert.</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="86"/>
        <source>Could not %1: the file cannot be opened or created there (check the folder&apos;s permissions).</source>
        <translation>Es war nicht möglich, %1: Die Datei kann dort nicht geöffnet oder erstellt werden (prüfen Sie die Berechtigungen des Ordners).</translation>
    </message>
    <message>
        <location filename="../src/sql/SqlErrorMapper.cpp" line="93"/>
        <source>Could not %1.</source>
        <translation>Es war nicht möglich, %1.</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../src/gui/StatusLine.cpp" line="15"/>
        <source>Clipboard clears in %1 s</source>
        <translation>Zwischenablage wird in %1 s geleert</translation>
    </message>
</context>
<context>
    <name>TeamCommands</name>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="27"/>
        <source>Connection name or id (default: Local)</source>
        <translation>Name oder ID der Verbindung (Standard: Local)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="28"/>
        <source>connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="51"/>
        <source>“%1” has no project “%2”; keydesk-cli projects lists them.</source>
        <translation>„%1“ hat kein Projekt „%2“; keydesk-cli projects listet sie auf.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="58"/>
        <source>KEYS</source>
        <translation>SCHLÜSSEL</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="58"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="77"/>
        <source>Deleting “%2” also deletes its %1 key, at once and for good: every program using it stops working. Repeat with --yes to go ahead.</source>
        <translation>Das Löschen von „%2“ löscht auch seinen %1 Schlüssel, sofort und endgültig: Jedes Programm, das ihn verwendet, funktioniert nicht mehr. Wiederholen Sie den Befehl mit --yes, um fortzufahren.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="81"/>
        <source>Deleting “%2” also deletes its %1 keys, at once and for good: every program using them stops working. Repeat with --yes to go ahead.</source>
        <translation>Das Löschen von „%2“ löscht auch seine %1 Schlüssel, sofort und endgültig: Jedes Programm, das sie verwendet, funktioniert nicht mehr. Wiederholen Sie den Befehl mit --yes, um fortzufahren.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="94"/>
        <source>Project “%2” deleted with its %1 key.</source>
        <translation>Projekt „%2“ mit seinem %1 Schlüssel gelöscht.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="95"/>
        <source>Project “%2” deleted with %1 keys.</source>
        <translation>Projekt „%2“ mit %1 Schlüsseln gelöscht.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="104"/>
        <source>List, create, rename or delete a KeyDesk service&apos;s projects.</source>
        <translation>Projekte eines KeyDesk-Dienstes auflisten, erstellen, umbenennen oder löschen.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="106"/>
        <source>list (default), create, rename or delete</source>
        <translation>list (Standard), create, rename oder delete</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="107"/>
        <source>for rename and delete: its name or id</source>
        <translation>für rename und delete: sein Name oder seine ID</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="109"/>
        <source>The new project&apos;s name</source>
        <translation>Der neue Projektname</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="109"/>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="110"/>
        <source>Delete a project that still has keys</source>
        <translation>Ein Projekt löschen, das noch Schlüssel hat</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="118"/>
        <source>projects takes list, create, rename or delete.</source>
        <translation>projects erwartet list, create, rename oder delete.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="123"/>
        <source>projects %1 needs --name.</source>
        <translation>projects %1 benötigt --name.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="142"/>
        <source>Name the project by its name or id.</source>
        <translation>Geben Sie das Projekt mit Name oder ID an.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="153"/>
        <source>Project %1 is now “%2”.</source>
        <translation>Projekt %1 heißt jetzt „%2“.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="163"/>
        <source>Show the audit trail: who did what, when and from where.</source>
        <translation>Verlauf anzeigen: wer was wann und von wo getan hat.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="166"/>
        <source>Only this key&apos;s events (key id or name)</source>
        <translation>Nur Ereignisse dieses Schlüssels (Schlüssel-ID oder -Name)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="167"/>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="168"/>
        <source>Only this project&apos;s events (name or id)</source>
        <translation>Nur Ereignisse dieses Projekts (Name oder ID)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="169"/>
        <source>project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="171"/>
        <source>At most this many events, newest first (default 50)</source>
        <translation>Höchstens so viele Ereignisse, neueste zuerst (Standard: 50)</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="171"/>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="173"/>
        <source>table, json or csv</source>
        <translation>table, json oder csv</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="173"/>
        <source>format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="183"/>
        <source>--limit must be a number from 1 to 1000.</source>
        <translation>--limit muss eine Zahl von 1 bis 1000 sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="186"/>
        <source>--format must be table, json or csv.</source>
        <translation>--format muss table, json oder csv sein.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="226"/>
        <source>%1 cannot be reached (%2); these are the events seen before.</source>
        <translation>%1 ist nicht erreichbar (%2); dies sind die zuvor gesehenen Ereignisse.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="245"/>
        <source>Who you are signed in as on a KeyDesk service, and what your role allows.</source>
        <translation>Als wer Sie bei einem KeyDesk-Dienst angemeldet sind und was Ihre Rolle erlaubt.</translation>
    </message>
    <message>
        <location filename="../src/cli/TeamCommands.cpp" line="259"/>
        <source>%1 on %2, role %3</source>
        <translation>%1 auf %2, Rolle %3</translation>
    </message>
</context>
<context>
    <name>TestCall</name>
    <message>
        <location filename="../src/net/TestCall.cpp" line="22"/>
        <source>The service said: “%1”</source>
        <translation>Der Dienst meldete: „%1“</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="30"/>
        <source>The key or token is invalid or has expired. Check that you copied all of it; generate a new one if it expired.</source>
        <translation>Der Schlüssel oder das Token ist ungültig oder abgelaufen. Prüfen Sie, ob Sie es vollständig kopiert haben; erzeugen Sie ein neues, falls es abgelaufen ist.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="36"/>
        <source>These credentials have no access to this endpoint. Check the method and the address.</source>
        <translation>Diese Zugangsdaten haben keinen Zugriff auf diesen Endpunkt. Prüfen Sie Methode und Adresse.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="41"/>
        <source>Nothing answers at this address. Check the test URL.</source>
        <translation>Unter dieser Adresse antwortet nichts. Prüfen Sie die Test-URL.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="47"/>
        <source>Too many requests. The service asks to wait %1 s before trying again.</source>
        <translation>Zu viele Anfragen. Der Dienst bittet, %1 s zu warten, bevor Sie es erneut versuchen.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="50"/>
        <source>Too many requests. Wait a moment and try again.</source>
        <translation>Zu viele Anfragen. Warten Sie einen Moment und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="54"/>
        <source>The service has a problem of its own (server error). Check its status page or contact its support.</source>
        <translation>Der Dienst hat selbst ein Problem (Serverfehler). Prüfen Sie seine Statusseite oder wenden Sie sich an seinen Support.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="58"/>
        <source>The service answered with an unexpected status.</source>
        <translation>Der Dienst antwortete mit einem unerwarteten Status.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="75"/>
        <source>Not sent</source>
        <translation>Nicht gesendet</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="110"/>
        <location filename="../src/net/TestCall.cpp" line="117"/>
        <source>No answer (timeout)</source>
        <translation>Keine Antwort (Zeitüberschreitung)</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="118"/>
        <source>TLS error</source>
        <translation>TLS-Fehler</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="119"/>
        <source>Not reachable</source>
        <translation>Nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="127"/>
        <source>%1 %2 in %3 ms</source>
        <translation>%1 %2 in %3 ms</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="128"/>
        <source>The credential works.</source>
        <translation>Die Zugangsdaten funktionieren.</translation>
    </message>
    <message>
        <location filename="../src/net/TestCall.cpp" line="131"/>
        <source>Failed: %1 %2 (expected %3)</source>
        <translation>Fehlgeschlagen: %1 %2 (erwartet: %3)</translation>
    </message>
</context>
<context>
    <name>TestCredential</name>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="20"/>
        <source>“%1” has no test URL: add one to its connection.</source>
        <translation>„%1“ hat keine Test-URL: Fügen Sie seiner Verbindung eine hinzu.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="30"/>
        <source>Failed: no token</source>
        <translation>Fehlgeschlagen: kein Token</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="56"/>
        <source>This key is deactivated, so the service refuses it. Activate it to use it again.</source>
        <translation>Dieser Schlüssel ist deaktiviert, deshalb weist der Dienst ihn ab. Aktivieren Sie ihn, um ihn wieder zu verwenden.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="61"/>
        <source>This key has expired, so the service refuses it. Rotate it or generate a new key.</source>
        <translation>Dieser Schlüssel ist abgelaufen, deshalb weist der Dienst ihn ab. Rotieren Sie ihn oder erzeugen Sie einen neuen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestCredential.cpp" line="62"/>
        <source>This credential has expired, so the service refuses it. Get a new secret from the vendor and replace the kept one.</source>
        <translation>Diese Zugangsdaten sind abgelaufen, deshalb weist der Dienst sie ab. Holen Sie ein neues Geheimnis beim Anbieter und ersetzen Sie das gespeicherte.</translation>
    </message>
</context>
<context>
    <name>TestToken</name>
    <message>
        <location filename="../src/usecases/TestToken.cpp" line="21"/>
        <source>The token has expired: generate a new one.</source>
        <translation>Das Token ist abgelaufen: Erzeugen Sie ein neues.</translation>
    </message>
    <message>
        <location filename="../src/usecases/TestToken.cpp" line="22"/>
        <source>The service refused a token it issued itself: the key behind it was probably deactivated, deleted or rotated since. Check the key&apos;s status, then generate a new token.</source>
        <translation>Der Dienst hat ein Token abgewiesen, das er selbst ausgestellt hat: Der Schlüssel dahinter wurde vermutlich inzwischen deaktiviert, gelöscht oder rotiert. Prüfen Sie den Status des Schlüssels und erzeugen Sie dann ein neues Token.</translation>
    </message>
</context>
<context>
    <name>TokenClient</name>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="23"/>
        <source>The token endpoint&apos;s reply is not a usable token: %1</source>
        <translation>Die Antwort des Token-Endpunkts ist kein verwendbares Token: %1</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="70"/>
        <source>KeyDesk form-encoded the id and secret as RFC 6749 asks; some servers expect them as curl -u sends them: try “HTTP Basic (as curl -u)” (--auth basic-raw).</source>
        <translation>KeyDesk hat ID und Geheimnis nach RFC 6749 als Formularwerte kodiert; manche Server erwarten sie so, wie curl -u sie sendet: Versuchen Sie „HTTP Basic (wie curl -u)“ (--auth basic-raw).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="74"/>
        <source>KeyDesk sent the id and secret as curl -u does; servers that follow RFC 6749 expect them form-encoded: try “HTTP Basic (RFC 6749)” (--auth basic).</source>
        <translation>KeyDesk hat ID und Geheimnis wie curl -u gesendet; Server nach RFC 6749 erwarten sie als Formularwerte kodiert: Versuchen Sie „HTTP Basic (RFC 6749)“ (--auth basic).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="83"/>
        <source>The issuer&apos;s metadata also lists client_secret_post: switch to it with “Form post” as Client authentication in Edit Provider Credential, or keydesk-cli connections set &lt;connection&gt; --auth post.</source>
        <translation>Die Metadaten des Ausstellers nennen auch client_secret_post: Wechseln Sie dorthin mit „Formular-POST“ als Client-Authentifizierung unter „Anbieter-Zugangsdaten bearbeiten“ oder mit keydesk-cli connections set &lt;connection&gt; --auth post.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="119"/>
        <source>it is not a JSON object.</source>
        <translation>es ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="123"/>
        <source>access_token is missing.</source>
        <translation>access_token fehlt.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="125"/>
        <source>access_token is longer than %1 KB.</source>
        <translation>access_token ist länger als %1 KB.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="128"/>
        <source>access_token contains characters a bearer token may not have (RFC 6750).</source>
        <translation>access_token enthält Zeichen, die in einem Bearer-Token nicht erlaubt sind (RFC 6750).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="134"/>
        <source>token_type is “%1”, not Bearer.</source>
        <translation>token_type ist „%1“, nicht Bearer.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="144"/>
        <source>expires_in is not a whole number of seconds.</source>
        <translation>expires_in ist keine ganze Zahl von Sekunden.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="146"/>
        <source>expires_in is zero or negative.</source>
        <translation>expires_in ist null oder negativ.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="149"/>
        <source>expires_in is more than a year (%1 s).</source>
        <translation>expires_in ist mehr als ein Jahr (%1 s).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="185"/>
        <source>A client id with a colon cannot be sent as HTTP Basic (as curl -u); choose HTTP Basic (RFC 6749).</source>
        <translation>Eine Client-ID mit Doppelpunkt kann nicht als HTTP Basic (wie curl -u) gesendet werden; wählen Sie HTTP Basic (RFC 6749).</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="243"/>
        <source>The token endpoint sent more than %1 KB; it was not read.</source>
        <translation>Der Token-Endpunkt hat mehr als %1 KB gesendet; es wurde nicht gelesen.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="263"/>
        <source>The server refused the signed assertion: check that it has this credential&apos;s public key (keydesk-cli public-key) and the audience it expects.</source>
        <translation>Der Server hat die signierte Assertion abgelehnt: Prüfen Sie, ob er den öffentlichen Schlüssel dieser Zugangsdaten hat (keydesk-cli public-key) und welche Audience er erwartet.</translation>
    </message>
    <message>
        <location filename="../src/net/TokenClient.cpp" line="278"/>
        <source>Check the client ID and secret (if the vendor issued a new secret, replace the kept one), and that the credential is still active at the vendor.</source>
        <translation>Prüfen Sie Client-ID und Geheimnis (hat der Anbieter ein neues Geheimnis ausgestellt, ersetzen Sie das gespeicherte) und ob die Zugangsdaten beim Anbieter noch aktiv sind.</translation>
    </message>
</context>
<context>
    <name>TokenCountdown</name>
    <message>
        <location filename="../src/core/TokenCountdown.cpp" line="33"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location filename="../src/core/TokenCountdown.cpp" line="35"/>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
</context>
<context>
    <name>TokenGenerator</name>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="6"/>
        <source>Token Generator</source>
        <translation>Token-Generator</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="10"/>
        <source>Cr&amp;edential</source>
        <translation>&amp;Zugangsdaten</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="12"/>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="17"/>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="19"/>
        <source>Pick a credential and press Generate: the access token appears here, hidden until you press Show.</source>
        <translation>Wählen Sie Zugangsdaten und klicken Sie auf „Erzeugen“: Das Zugriffstoken erscheint hier, verborgen, bis Sie auf „Anzeigen“ klicken.</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="20"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="26"/>
        <source>&amp;Renew</source>
        <translation>E&amp;rneuern</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="27"/>
        <source>Renew &amp;automatically before expiry</source>
        <translation>&amp;Automatisch vor Ablauf erneuern</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="29"/>
        <source>Copy token</source>
        <translation>Token kopieren</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="30"/>
        <source>Copy header</source>
        <translation>Header kopieren</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="31"/>
        <source>Copy curl</source>
        <translation>curl-Befehl kopieren</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="34"/>
        <source>Decoded JWT header and claims appear here.</source>
        <translation>Hier erscheinen der dekodierte JWT-Header und die Claims.</translation>
    </message>
    <message>
        <location filename="../ui/TokenGenerator.ui" line="40"/>
        <source>&amp;Test token</source>
        <translation>Token &amp;testen</translation>
    </message>
</context>
<context>
    <name>TokenGeneratorDialog</name>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="78"/>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="78"/>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="83"/>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="89"/>
        <source>Authorization header</source>
        <translation>Authorization-Header</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="95"/>
        <source>curl command</source>
        <translation>curl-Befehl</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="104"/>
        <source>No credential can be exchanged for a token yet: generate a key, or add an OAuth2 provider credential, and keep its secret in the keychain.</source>
        <translation>Noch können keine Zugangsdaten gegen ein Token getauscht werden: Erzeugen Sie einen Schlüssel oder fügen Sie OAuth2-Anbieter-Zugangsdaten hinzu, und bewahren Sie das Geheimnis im Schlüsselbund auf.</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="157"/>
        <source>Locked: the token was forgotten while you were away. Generate again.</source>
        <translation>Gesperrt: Das Token wurde während Ihrer Abwesenheit verworfen. Erzeugen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="237"/>
        <source>Renewal failed: %1</source>
        <translation>Erneuerung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="256"/>
        <source>Bearer token; the provider did not say when it expires</source>
        <translation>Bearer-Token; der Anbieter hat nicht angegeben, wann es abläuft</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="257"/>
        <source>Bearer token</source>
        <translation>Bearer-Token</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="261"/>
        <source>Not a JWT: an opaque token.</source>
        <translation>Kein JWT: ein opakes Token.</translation>
    </message>
    <message>
        <location filename="../src/gui/TokenGeneratorDialog.cpp" line="306"/>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
</context>
<context>
    <name>TokenService</name>
    <message>
        <location filename="../src/service/TokenService.cpp" line="17"/>
        <source>Client authentication failed.</source>
        <translation>Client-Authentifizierung fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="75"/>
        <source>This key expired on %1. Generate a new key.</source>
        <translation>Dieser Schlüssel ist am %1 abgelaufen. Erzeugen Sie einen neuen Schlüssel.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="79"/>
        <source>This key has been deactivated.</source>
        <translation>Dieser Schlüssel wurde deaktiviert.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="96"/>
        <source>The API key is not valid. Check that you copied all of it.</source>
        <translation>Der API-Schlüssel ist ungültig. Prüfen Sie, ob Sie ihn vollständig kopiert haben.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="124"/>
        <source>The access token has expired; request a new one.</source>
        <translation>Das Zugriffstoken ist abgelaufen; fordern Sie ein neues an.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="126"/>
        <source>The access token is not valid.</source>
        <translation>Das Zugriffstoken ist ungültig.</translation>
    </message>
    <message>
        <location filename="../src/service/TokenService.cpp" line="134"/>
        <source>The key behind this access token no longer exists.</source>
        <translation>Der Schlüssel hinter diesem Zugriffstoken existiert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="15"/>
        <source>&amp;Show KeyDesk</source>
        <translation>KeyDesk &amp;anzeigen</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="17"/>
        <source>&amp;Quit KeyDesk</source>
        <translation>KeyDesk &amp;beenden</translation>
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
        <translation>Die Dienstadresse</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="20"/>
        <source>The token URL</source>
        <translation>Die Token-URL</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="22"/>
        <source>The test URL</source>
        <translation>Die Test-URL</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="24"/>
        <source>The issuer URL</source>
        <translation>Die Aussteller-URL</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="46"/>
        <source>%1 is not a full address such as https://api.example.com/.</source>
        <translation>%1 ist keine vollständige Adresse wie https://api.example.com/.</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="49"/>
        <source>%1 must not contain a user name or password; KeyDesk sends credentials itself.</source>
        <translation>%1 darf keinen Benutzernamen und kein Passwort enthalten; KeyDesk sendet Zugangsdaten selbst.</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="58"/>
        <source>%1 must use https: credentials must not cross the network unencrypted (plain http only to this machine).</source>
        <translation>%1 muss https verwenden: Zugangsdaten dürfen nicht unverschlüsselt über das Netzwerk gehen (einfaches http nur zu diesem Rechner).</translation>
    </message>
    <message>
        <location filename="../src/core/UrlPolicy.cpp" line="62"/>
        <source>%1 must be an https:// address.</source>
        <translation>%1 muss eine https://-Adresse sein.</translation>
    </message>
</context>
<context>
    <name>UserGuideWindow</name>
    <message>
        <location filename="../src/gui/UserGuideWindow.cpp" line="39"/>
        <source>KeyDesk User Guide</source>
        <translation>KeyDesk-Benutzerhandbuch</translation>
    </message>
    <message>
        <location filename="../src/gui/UserGuideWindow.cpp" line="41"/>
        <source>User guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
    <message>
        <location filename="../src/gui/UserGuideWindow.cpp" line="60"/>
        <source>The user guide is not installed here (looked in %1).

It comes with the keydesk package (/usr/share/keydesk/help) and is docs/user-guide.md in KeyDesk&apos;s source.</source>
        <translation>Das Benutzerhandbuch ist hier nicht installiert (gesucht in %1).

Es gehört zum Paket keydesk (/usr/share/keydesk/help) und liegt im Quellcode von KeyDesk unter docs/user-guide.md.</translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <location filename="../src/usecases/Workstation.cpp" line="54"/>
        <source>Cannot create the data folder %1.</source>
        <translation>Der Datenordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <location filename="../src/usecases/Workstation.cpp" line="169"/>
        <source>“%1” is not a KeyDesk service connection.</source>
        <translation>„%1“ ist keine Verbindung zu einem KeyDesk-Dienst.</translation>
    </message>
    <message>
        <location filename="../src/usecases/Workstation.cpp" line="182"/>
        <source>Your token for %1 is in the OS keychain, which cannot be reached.</source>
        <translation>Ihr Token für %1 liegt im Schlüsselbund des Systems, der nicht erreichbar ist.</translation>
    </message>
</context>
</TS>

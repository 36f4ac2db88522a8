#pragma once

#include "Expected.h"
#include "KeychainNames.h"
#include "ProviderSettings.h"
#include "Role.h"

#include <QDateTime>
#include <QString>
#include <QUrl>
#include <optional>

// Where credentials come from: our own service, an OAuth2 token endpoint, or an API-key test endpoint.
struct Connection
{
    enum class Kind
    {
        KeyDeskService,
        OAuth2Provider,
        ApiKeyProvider
    };

    qint64 id = 0;
    QString uid; // stable random id: names its keychain entries (KeychainNames); set by the inventory
    QString name;
    Kind kind = Kind::KeyDeskService;
    QUrl url;
    bool embedded = false;            // the in-process service the app starts when no remote one is set up
    QDateTime lastSyncedAt;           // invalid = never synced
    ProviderSettings provider;        // how to reach an OAuth2 or API-key provider (unused for our service)
    bool legacyKeychainNames = false; // its keychain entries still have pre-v7 names (MigrateKeychainNames)
    // KeyDesk services: who this computer is signed in as, with which role, as of the last sync.
    QString signedInAs;
    std::optional<Role> role;

    // Where this connection's service token is kept (KeyDesk service connections).
    QString tokenAccount() const { return KeychainNames::serviceToken(uid); }
    // An OAuth2 provider using private_key_jwt: its kept "secret" is a private key, and only signs.
    bool signsWithKey() const
    {
        return kind == Kind::OAuth2Provider &&
               provider.clientAuth == ProviderSettings::ClientAuth::PrivateKeyJwt;
    }

    // Names are what keydesk-cli finds connections by: trimmed, at most 64 characters, no control or
    // invisible formatting characters. Unique among connections, which the inventory enforces.
    static Expected<QString> checkedName(const QString& name);
    // The name as the app shows it: the local service is "Local" in the inventory in every language (scripts
    // and keydesk://Local/… name it so) and shown in the app's language.
    QString displayName() const;
    static QString kindToString(Kind kind);
    static std::optional<Kind> kindFromString(const QString& text);
};

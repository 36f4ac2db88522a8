#pragma once

#include "ApiError.h"
#include "ServiceConfig.h"
#include "ServiceDatabase.h"
#include "SigningKeys.h"
#include "core/Clock.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/Project.h"
#include "core/SecretBytes.h"

#include <QList>
#include <atomic>
#include <optional>

// Projects, keys and the admin token: the service's state, on whatever database ServiceDatabase holds.
// Thread-safe: every call may come from any HTTP worker thread.
class KeyService
{
public:
    template <typename T> using Result = Expected<T, ApiError>;

    struct NewKey
    {
        QString name;
        QString description;
        std::optional<int> expiresInDays; // nullopt = never
    };
    struct CreatedKey
    {
        Credential key;
        SecretBytes secret; // returned once, never stored
    };
    struct KeyChange
    {
        std::optional<KeyStatus> status;
        std::optional<QString> description;
    };

    KeyService(ServiceDatabase& db, ServiceConfig config, const Clock& clock = Clock::system());

    // Creates or upgrades the schema and loads (creating on first run) the token signing key.
    Result<void> open();
    bool hasAdminToken();
    // A new admin token; only its SHA-256 is kept. The old one stops working at once.
    Result<SecretBytes> rotateAdminToken();
    bool isAdminToken(const SecretBytes& presented);
    // An admin token for one embedded run (the app's or the CLI's): several can be valid at once, each
    // removed when its process stops, so no run logs another out. It expires after a day unless renewed
    // (EmbeddedService renews it hourly), so a killed process's token does not stay valid.
    static constexpr int SessionLifetimeSeconds = 24 * 3600;
    struct SessionToken
    {
        QString id;
        SecretBytes token;
    };
    Result<SessionToken> addSessionToken();
    // False when the session is gone or already expired.
    bool renewSessionToken(const QString& id);
    void removeSessionToken(const QString& id);

    // Token signing keys (docs/api.md): the newest signs; every key still kept verifies.
    SigningKeys::Key currentSigningKey();
    std::optional<QByteArray> signingKeyFor(const QString& kid);
    // Adds a new key that signs from now on (other instances pick it up within a minute); returns its kid.
    Result<QString> rotateSigningKey();
    const ServiceConfig& config() const { return m_config; }
    const Clock& clock() const { return m_clock; }

    Result<QList<Project>> listProjects();
    Result<Project> createProject(const QString& name);
    Result<void> deleteProject(const QString& projectId);

    Result<QList<Credential>> listKeys(const QString& projectId);
    Result<CreatedKey> createKey(const QString& projectId, const NewKey& request);
    Result<Credential> updateKey(const QString& projectId, const QString& id, const KeyChange& change);
    Result<void> deleteKey(const QString& projectId, const QString& id);

    // Lookups for authentication; nullopt when there is no such key.
    Result<std::optional<Credential>> findBySecretHash(const QString& secretHash);
    // With the stored hash, for the token endpoint's constant-time comparison.
    Result<std::optional<QPair<Credential, QString>>> findByKeyId(const QString& keyId);
    // Records use, at most once a minute per key so busy keys do not turn every read into a write.
    void noteUsed(const Credential& key);

private:
    Result<void> requireProject(const QString& projectId);
    Result<Credential> keyById(const QString& projectId, const QString& id);
    Result<void> reloadSigningKeys();

    ServiceDatabase& m_db;
    ServiceConfig m_config;
    const Clock& m_clock;
    SigningKeys m_signingKeys;
    std::atomic<qint64> m_signingKeysLoaded{0}; // ms since the epoch, on m_clock
};

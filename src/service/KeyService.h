#pragma once

#include "Actor.h"
#include "ApiError.h"
#include "AuditLog.h"
#include "ServiceConfig.h"
#include "ServiceDatabase.h"
#include "ServiceProjects.h"
#include "TokenSigningKeys.h"
#include "core/Clock.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/Project.h"
#include "core/SecretBytes.h"

#include <QJsonObject>
#include <QList>
#include <optional>

// Keys (with their projects and token signing keys beside them): the service's state, on whatever database
// ServiceDatabase holds. Thread-safe: every call may come from any HTTP worker thread.
class KeyService
{
public:
    template <typename T> using Result = Expected<T, ApiError>;

    struct NewKey
    {
        QString name;
        QString description;
        std::optional<int> expiresInDays; // nullopt = never
        QString replaces;                 // the id of the key this one rotates, if any (audit trail)
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

    KeyService(ServiceDatabase& db, AuditLog& audit, ServiceConfig config,
               const Clock& clock = Clock::system());

    // Creates or upgrades the schema and loads (creating on first run) the token signing key.
    Result<void> open();
    // Readiness: whether the database answers now (GET /readyz).
    Result<void> databaseAnswers();
    // The keys that sign tokens, and the projects keys belong to.
    TokenSigningKeys& signingKeys() { return m_signingKeys; }
    ServiceProjects& projects() { return m_projects; }

    const ServiceConfig& config() const { return m_config; }
    const Clock& clock() const { return m_clock; }

    // Every change records who made it in the audit trail, in the same transaction.

    Result<QList<Credential>> listKeys(const QString& projectId);
    Result<CreatedKey> createKey(const QString& projectId, const NewKey& request, const Actor& by);
    Result<Credential> updateKey(const QString& projectId, const QString& id, const KeyChange& change,
                                 const Actor& by);
    Result<void> deleteKey(const QString& projectId, const QString& id, const Actor& by);

    // Lookups for authentication; nullopt when there is no such key.
    Result<std::optional<Credential>> findBySecretHash(const QString& secretHash);
    // With the stored hash, for the token endpoint's constant-time comparison.
    Result<std::optional<QPair<Credential, QString>>> findByKeyId(const QString& keyId);
    // Records use: last_used_at at most once a minute per key so busy keys do not turn every read into a
    // write, and the audit trail's hourly count per source address.
    void noteUsed(const Credential& key, const QString& source);
    AuditLog& audit() { return m_audit; }

private:
    Result<Credential> keyById(const QString& projectId, const QString& id);
    Expected<void> recordRotation(const QString& projectId, const QString& replacedId,
                                  const Credential& successor, QJsonObject detail, const Actor& by);

    ServiceDatabase& m_db;
    AuditLog& m_audit;
    ServiceConfig m_config;
    const Clock& m_clock;
    ServiceProjects m_projects;
    TokenSigningKeys m_signingKeys;
};

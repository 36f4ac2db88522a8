#include "KeyService.h"

#include "Digest.h"
#include "SecretGenerator.h"
#include "ServiceRefusals.h"
#include "StorageError.h"
#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"
#include "sql/SqlTime.h"

#include <QCoreApplication>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

ApiError storageError(const Error& error)
{
    return storageApiError(error);
}

ApiError noSuchKey(const QString& projectId, const QString& id)
{
    return ApiError::notFound(QCoreApplication::translate("KeyService", "There is no key %1 in project %2.")
                                  .arg(id.left(64), projectId.left(64)));
}

const QString kKeyColumns =
    QStringLiteral("id, project_id, name, description, key_id, last4, status, created_at, "
                   "expires_at, last_used_at, username, secret_hash, created_by");

Credential keyFromRow(const ServiceDatabase::Row& r)
{
    Credential k;
    k.remoteId = r.at(0).toString();
    k.project = r.at(1).toString();
    k.name = r.at(2).toString();
    k.description = r.at(3).toString();
    k.keyId = r.at(4).toString();
    k.last4 = r.at(5).toString();
    k.storedStatus = keyStatusFromString(r.at(6).toString()).value_or(KeyStatus::Inactive);
    k.createdAt = fromSql(r.at(7));
    k.expiresAt = fromSql(r.at(8));
    k.lastUsedAt = fromSql(r.at(9));
    k.username = r.at(10).toString();
    k.createdBy = r.at(12).toString();
    return k;
}

constexpr int kMaxDescriptionLength = 1024;

} // namespace

KeyService::KeyService(ServiceDatabase& db, AuditLog& audit, ServiceConfig config, const Clock& clock)
    : m_db(db), m_audit(audit), m_config(std::move(config)), m_clock(clock), m_projects(db, audit, clock),
      m_signingKeys(db, audit, clock)
{}

KeyService::Result<void> KeyService::databaseAnswers()
{
    if (auto answered = m_db.ping(); !answered)
        return storageError(answered.error());
    return {};
}

KeyService::Result<void> KeyService::open()
{
    if (auto migrated = m_db.migrate(); !migrated)
        return storageError(migrated.error());
    return m_signingKeys.load();
}

KeyService::Result<QList<Credential>> KeyService::listKeys(const QString& projectId)
{
    if (auto exists = m_projects.require(projectId); !exists)
        return exists.error();
    auto rows =
        m_db.select(QStringLiteral("SELECT ") + kKeyColumns +
                        QStringLiteral(" FROM api_keys WHERE project_id = ? ORDER BY created_at, name"),
                    {projectId});
    if (!rows)
        return storageError(rows.error());
    QList<Credential> keys;
    for (const auto& r : rows.value())
        keys << keyFromRow(r);
    return keys;
}

KeyService::Result<KeyService::CreatedKey> KeyService::createKey(const QString& projectId,
                                                                 const NewKey& request, const Actor& by)
{
    const QString name = KeyNameValidator::normalized(request.name);
    if (const auto check = KeyNameValidator::validate(name); !check.ok())
        return ApiError::unprocessable("invalid_name", check.message);
    if (request.description.size() > kMaxDescriptionLength) {
        return ApiError::unprocessable(
            "invalid_description",
            QCoreApplication::translate("KeyService", "The description is longer than %1 characters.")
                .arg(kMaxDescriptionLength));
    }
    const auto option = expiryOptionFromDays(request.expiresInDays);
    if (!option) {
        return ApiError::unprocessable(
            "invalid_expiry",
            QCoreApplication::translate("KeyService",
                                        "expires_in_days must be 7, 30, 90, 180, 365 or null (no expiry)."));
    }

    CreatedKey created;
    created.secret = SecretGenerator::keySecret();
    Credential& key = created.key;
    key.remoteId = SecretGenerator::uuid();
    key.project = projectId;
    key.name = name;
    key.description = request.description;
    key.keyId = SecretGenerator::keyId();
    key.last4 = QString::fromLatin1(created.secret.data() + created.secret.size() - 4, 4);
    key.storedStatus = KeyStatus::Active;
    key.createdAt = m_clock.now();
    key.expiresAt = expiryFrom(*option, key.createdAt);
    key.username = QStringLiteral("apiuser-%1@keydesk.local").arg(key.remoteId);
    key.createdBy = by.name;

    // The limit check and the insert are one transaction; on PostgreSQL the project row is locked so
    // concurrent creates queue up, on SQLite BEGIN IMMEDIATE already serialises writers.
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        const QString lockSql = m_db.url().isPostgres()
                                    ? QStringLiteral("SELECT id FROM projects WHERE id = ? FOR UPDATE")
                                    : QStringLiteral("SELECT id FROM projects WHERE id = ?");
        auto project = m_db.select(lockSql, {projectId});
        if (!project)
            return project.error();
        if (project.value().isEmpty()) {
            refusal = ServiceRefusals::noSuchProject(projectId);
            return ServiceRefusals::rollback();
        }
        auto count =
            m_db.select(QStringLiteral("SELECT count(*) FROM api_keys WHERE project_id = ?"), {projectId});
        if (!count)
            return count.error();
        if (count.value().first().first().toInt() >= m_config.maxKeysPerProject) {
            refusal = ApiError::conflict(
                "key_limit_reached",
                QCoreApplication::translate(
                    "KeyService", "This project already has %1 keys, the most allowed. Delete a key "
                                  "you no longer need first.")
                    .arg(m_config.maxKeysPerProject));
            refusal->extra = {
                {QStringLiteral("limit"), m_config.maxKeysPerProject}}; // for clients' own words
            return Error(Error::Kind::LimitReached, QStringLiteral("rollback"));
        }
        auto inserted = m_db.execute(
            QStringLiteral(
                "INSERT INTO api_keys (id, project_id, name, description, key_id, secret_hash, last4, "
                "status, created_at, expires_at, last_used_at, username, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, NULL, ?, ?)"),
            {key.remoteId, projectId, key.name, key.description, key.keyId,
             SecretGenerator::sha256Hex(created.secret), key.last4, toSql(key.createdAt),
             toSql(key.expiresAt), key.username, key.createdBy});
        if (!inserted && inserted.error().kind() == Error::Kind::Conflict) {
            refusal = ApiError::conflict(
                "name_taken", QCoreApplication::translate(
                                  "KeyService", "A key named \u201C%1\u201D already exists in this project.")
                                  .arg(name));
        }
        if (!inserted)
            return inserted.error();
        QJsonObject detail{{QStringLiteral("name"), key.name},
                           {QStringLiteral("expires_in_days"),
                            request.expiresInDays ? QJsonValue(*request.expiresInDays) : QJsonValue()}};
        if (!request.replaces.isEmpty())
            return recordRotation(projectId, request.replaces, key, detail, by);
        return m_audit.record(by, QStringLiteral("key.created"), projectId, key.keyId, detail);
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageError(done.error());
    return created;
}

KeyService::Result<Credential> KeyService::keyById(const QString& projectId, const QString& id)
{
    auto rows = m_db.select(QStringLiteral("SELECT ") + kKeyColumns +
                                QStringLiteral(" FROM api_keys WHERE project_id = ? AND id = ?"),
                            {projectId, id});
    if (!rows)
        return storageError(rows.error());
    if (rows.value().isEmpty())
        return noSuchKey(projectId, id);
    return keyFromRow(rows.value().first());
}

Expected<void> KeyService::recordRotation(const QString& projectId, const QString& replacedId,
                                          const Credential& successor, QJsonObject detail, const Actor& by)
{
    auto old = m_db.select(QStringLiteral("SELECT key_id FROM api_keys WHERE project_id = ? AND id = ?"),
                           {projectId, replacedId});
    if (!old)
        return old.error();
    if (old.value().isEmpty()) // rotating a key that is already gone is just a new key
        return m_audit.record(by, QStringLiteral("key.created"), projectId, successor.keyId, detail);
    const QString oldKeyId = old.value().first().first().toString();
    detail.insert(QStringLiteral("replaces"), oldKeyId);
    if (auto created = m_audit.record(by, QStringLiteral("key.created"), projectId, successor.keyId, detail);
        !created)
        return created;
    return m_audit.record(by, QStringLiteral("key.rotated"), projectId, oldKeyId,
                          {{QStringLiteral("successor"), successor.keyId}});
}

KeyService::Result<Credential> KeyService::updateKey(const QString& projectId, const QString& id,
                                                     const KeyChange& change, const Actor& by)
{
    if (change.status && *change.status == KeyStatus::Expired) {
        return ApiError::unprocessable("invalid_status",
                                       QCoreApplication::translate("KeyService",
                                                                   "status must be \u201C"
                                                                   "active\u201D or \u201Cinactive\u201D."));
    }
    if (change.description && change.description->size() > kMaxDescriptionLength) {
        return ApiError::unprocessable(
            "invalid_description",
            QCoreApplication::translate("KeyService", "The description is longer than %1 characters.")
                .arg(kMaxDescriptionLength));
    }
    std::optional<ApiError> refusal;
    Credential key;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto current = keyById(projectId, id);
        if (!current) {
            refusal = current.error();
            return ServiceRefusals::rollback();
        }
        key = current.value();
        const Credential before = key;
        if (change.status)
            key.storedStatus = *change.status;
        if (change.description)
            key.description = *change.description;
        auto updated = m_db.execute(
            QStringLiteral("UPDATE api_keys SET status = ?, description = ? WHERE project_id = ? AND id = ?"),
            {keyStatusToString(key.storedStatus), key.description, projectId, id});
        if (!updated)
            return updated.error();
        if (key.storedStatus != before.storedStatus) {
            const QString action = key.storedStatus == KeyStatus::Active ? QStringLiteral("key.activated")
                                                                         : QStringLiteral("key.deactivated");
            if (auto recorded = m_audit.record(by, action, projectId, key.keyId); !recorded)
                return recorded;
        }
        if (key.description != before.description)
            return m_audit.record(
                by, QStringLiteral("key.described"), projectId, key.keyId,
                {{QStringLiteral("from"), before.description}, {QStringLiteral("to"), key.description}});
        return {};
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageError(done.error());
    return key;
}

KeyService::Result<void> KeyService::deleteKey(const QString& projectId, const QString& id, const Actor& by)
{
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto current = keyById(projectId, id);
        if (!current) {
            refusal = current.error();
            return ServiceRefusals::rollback();
        }
        auto removed = m_db.execute(QStringLiteral("DELETE FROM api_keys WHERE project_id = ? AND id = ?"),
                                    {projectId, id});
        if (!removed)
            return removed.error();
        return m_audit.record(by, QStringLiteral("key.deleted"), projectId, current.value().keyId,
                              {{QStringLiteral("name"), current.value().name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageError(done.error());
    return {};
}

KeyService::Result<std::optional<Credential>> KeyService::findBySecretHash(const QString& secretHash)
{
    auto rows = m_db.select(QStringLiteral("SELECT ") + kKeyColumns +
                                QStringLiteral(" FROM api_keys WHERE secret_hash = ?"),
                            {secretHash});
    if (!rows)
        return storageError(rows.error());
    if (rows.value().isEmpty())
        return std::optional<Credential>();
    return std::optional<Credential>(keyFromRow(rows.value().first()));
}

KeyService::Result<std::optional<QPair<Credential, QString>>> KeyService::findByKeyId(const QString& keyId)
{
    auto rows = m_db.select(
        QStringLiteral("SELECT ") + kKeyColumns + QStringLiteral(" FROM api_keys WHERE key_id = ?"), {keyId});
    if (!rows)
        return storageError(rows.error());
    if (rows.value().isEmpty())
        return std::optional<QPair<Credential, QString>>();
    const auto& row = rows.value().first();
    return std::optional<QPair<Credential, QString>>(qMakePair(keyFromRow(row), row.at(11).toString()));
}

void KeyService::noteUsed(const Credential& key, const QString& source)
{
    m_audit.countKeyUse(key, source);
    const QDateTime now = m_clock.now();
    if (key.lastUsedAt.isValid() && key.lastUsedAt.secsTo(now) < 60)
        return;
    auto updated = m_db.execute(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ?"),
                                {toSql(now), key.remoteId});
    if (!updated) // losing a last-used mark must not fail the request that used the key
        qWarning("keydesk-service: could not record key use: %s", qPrintable(updated.error().toString()));
}

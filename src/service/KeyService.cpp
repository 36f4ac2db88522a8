#include "KeyService.h"

#include "Digest.h"
#include "SecretGenerator.h"
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

// A transaction's own refusal: rolls back, and the ApiError beside it says why.
Error rollback()
{
    return Error(Error::Kind::Conflict, QStringLiteral("rollback"));
}

ApiError noSuchProject(const QString& projectId)
{
    return ApiError::notFound(
        QCoreApplication::translate("KeyService", "There is no project %1.").arg(projectId.left(64)));
}

ApiError noSuchKey(const QString& projectId, const QString& id)
{
    return ApiError::notFound(QCoreApplication::translate("KeyService", "There is no key %1 in project %2.")
                                  .arg(id.left(64), projectId.left(64)));
}

ApiError projectNameTaken(const QString& name)
{
    return ApiError::conflict(
        "name_taken",
        QCoreApplication::translate("KeyService", "A project named \u201C%1\u201D already exists.")
            .arg(name));
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
constexpr qint64 kSigningKeyRecheckMs = 60 * 1000;

} // namespace

KeyService::KeyService(ServiceDatabase& db, AuditLog& audit, ServiceConfig config, const Clock& clock)
    : m_db(db), m_audit(audit), m_config(std::move(config)), m_clock(clock)
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
    // Insert-if-absent, then read: two instances starting together agree on one first key, "k0".
    const QByteArray fresh = SecretGenerator::randomBytes(32).toBase64();
    auto inserted = m_db.execute(QStringLiteral("INSERT INTO signing_keys (kid, secret, created_at) "
                                                "VALUES ('k0', ?, ?) ON CONFLICT (kid) DO NOTHING"),
                                 {QString::fromLatin1(fresh), toSql(m_clock.now())});
    if (!inserted)
        return storageError(inserted.error());
    return reloadSigningKeys();
}

KeyService::Result<void> KeyService::reloadSigningKeys()
{
    auto rows = m_db.select(
        QStringLiteral("SELECT kid, secret FROM signing_keys ORDER BY created_at DESC, kid DESC"));
    if (!rows || rows.value().isEmpty())
        return storageError(rows ? Error(Error::Kind::Storage, QStringLiteral("signing key missing"))
                                 : rows.error());
    QList<SigningKeys::Key> keys;
    for (const auto& row : rows.value())
        keys.append({row.at(0).toString(), QByteArray::fromBase64(row.at(1).toString().toLatin1())});
    m_signingKeys.replace(std::move(keys));
    m_signingKeysLoaded.store(m_clock.now().toMSecsSinceEpoch());
    return {};
}

SigningKeys::Key KeyService::currentSigningKey()
{
    // Another instance (or `keydesk-server rotate-signing-key`) may have added a key: look once a minute.
    if (m_clock.now().toMSecsSinceEpoch() - m_signingKeysLoaded.load() > kSigningKeyRecheckMs)
        (void)
            reloadSigningKeys(); // unreadable now, the keys loaded before sign on; the next call looks again
    return m_signingKeys.current();
}

std::optional<QByteArray> KeyService::signingKeyFor(const QString& kid)
{
    if (auto key = m_signingKeys.find(kid))
        return key;
    // A kid we do not know may be newer than our copy. One small read; made-up kids fail authentication,
    // and failures are rate-limited per source address before they get here again.
    (void)reloadSigningKeys();
    return m_signingKeys.find(kid);
}

KeyService::Result<QString> KeyService::rotateSigningKey(const Actor& by)
{
    const QString kid = QStringLiteral("k") + QString::fromLatin1(SecretGenerator::randomBytes(6).toHex());
    const QDateTime now = m_clock.now();
    auto inserted = m_db.transaction([&]() -> Expected<void> {
        auto added = m_db.execute(
            QStringLiteral("INSERT INTO signing_keys (kid, secret, created_at) VALUES (?, ?, ?)"),
            {kid, QString::fromLatin1(SecretGenerator::randomBytes(32).toBase64()), toSql(now)});
        if (!added)
            return added.error();
        return m_audit.record(by, QStringLiteral("signing_key.rotated"), {}, {},
                              {{QStringLiteral("kid"), kid}});
    });
    if (!inserted)
        return storageError(inserted.error());
    // A key replaced more than the longest token lifetime (30 days) ago verifies nothing any more.
    auto pruned = m_db.execute(
        QStringLiteral(
            "DELETE FROM signing_keys WHERE kid IN (SELECT a.kid FROM signing_keys a WHERE "
            "(SELECT MIN(b.created_at) FROM signing_keys b WHERE b.created_at > a.created_at) < ?)"),
        {toSql(now.addDays(-31))});
    if (!pruned)
        return storageError(pruned.error());
    if (auto loaded = reloadSigningKeys(); !loaded)
        return loaded.error();
    return kid;
}

KeyService::Result<QList<Project>> KeyService::listProjects()
{
    auto rows = m_db.select(QStringLiteral(
        "SELECT p.id, p.name, p.created_at, (SELECT count(*) FROM api_keys k WHERE k.project_id = p.id) "
        "FROM projects p ORDER BY p.name"));
    if (!rows)
        return storageError(rows.error());
    QList<Project> projects;
    for (const auto& r : rows.value())
        projects << Project{r.at(0).toString(), r.at(1).toString(), fromSql(r.at(2)), r.at(3).toInt()};
    return projects;
}

KeyService::Result<Project> KeyService::createProject(const QString& rawName, const Actor& by)
{
    const QString name = KeyNameValidator::normalized(rawName);
    if (const auto check = KeyNameValidator::validate(name); !check.ok())
        return ApiError::unprocessable("invalid_name", check.message);
    Project project{QStringLiteral("prj_") + SecretGenerator::uuid().remove(QLatin1Char('-')), name,
                    m_clock.now()};
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto inserted =
            m_db.execute(QStringLiteral("INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)"),
                         {project.id, project.name, toSql(project.createdAt)});
        if (!inserted) {
            if (inserted.error().kind() == Error::Kind::Conflict)
                refusal = projectNameTaken(name);
            return inserted.error();
        }
        return m_audit.record(by, QStringLiteral("project.created"), project.id, {},
                              {{QStringLiteral("name"), name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageError(done.error());
    return project;
}

KeyService::Result<Project> KeyService::renameProject(const QString& projectId, const QString& rawName,
                                                      const Actor& by)
{
    const QString name = KeyNameValidator::normalized(rawName);
    if (const auto check = KeyNameValidator::validate(name); !check.ok())
        return ApiError::unprocessable("invalid_name", check.message);
    std::optional<ApiError> refusal;
    Project project;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto rows = m_db.select(
            QStringLiteral("SELECT name, created_at, (SELECT count(*) FROM api_keys WHERE project_id = ?) "
                           "FROM projects WHERE id = ?"),
            {projectId, projectId});
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty()) {
            refusal = noSuchProject(projectId);
            return rollback();
        }
        const QString before = rows.value().first().at(0).toString();
        project = {projectId, name, fromSql(rows.value().first().at(1)), rows.value().first().at(2).toInt()};
        auto renamed =
            m_db.execute(QStringLiteral("UPDATE projects SET name = ? WHERE id = ?"), {name, projectId});
        if (!renamed) {
            if (renamed.error().kind() == Error::Kind::Conflict)
                refusal = projectNameTaken(name);
            return renamed.error();
        }
        return m_audit.record(by, QStringLiteral("project.renamed"), projectId, {},
                              {{QStringLiteral("from"), before}, {QStringLiteral("to"), name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageError(done.error());
    return project;
}

KeyService::Result<void> KeyService::deleteProject(const QString& projectId, const Actor& by)
{
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto project = m_db.select(QStringLiteral("SELECT name FROM projects WHERE id = ?"), {projectId});
        if (!project)
            return project.error();
        if (project.value().isEmpty()) {
            refusal = noSuchProject(projectId);
            return rollback();
        }
        auto keys =
            m_db.select(QStringLiteral("SELECT key_id FROM api_keys WHERE project_id = ?"), {projectId});
        if (!keys)
            return keys.error();
        // Keys go first explicitly: PostgreSQL cascades anyway, SQLite only with foreign_keys on.
        auto removedKeys =
            m_db.execute(QStringLiteral("DELETE FROM api_keys WHERE project_id = ?"), {projectId});
        if (!removedKeys)
            return removedKeys.error();
        for (const auto& key : keys.value()) {
            if (auto recorded =
                    m_audit.record(by, QStringLiteral("key.deleted"), projectId, key.first().toString(),
                                   {{QStringLiteral("with_project"), true}});
                !recorded)
                return recorded;
        }
        auto removed = m_db.execute(QStringLiteral("DELETE FROM projects WHERE id = ?"), {projectId});
        if (!removed)
            return removed.error();
        return m_audit.record(by, QStringLiteral("project.deleted"), projectId, {},
                              {{QStringLiteral("name"), project.value().first().first().toString()},
                               {QStringLiteral("keys"), int(keys.value().size())}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageError(done.error());
    return {};
}

KeyService::Result<void> KeyService::requireProject(const QString& projectId)
{
    auto rows = m_db.select(QStringLiteral("SELECT 1 FROM projects WHERE id = ?"), {projectId});
    if (!rows)
        return storageError(rows.error());
    if (rows.value().isEmpty())
        return noSuchProject(projectId);
    return {};
}

KeyService::Result<QList<Credential>> KeyService::listKeys(const QString& projectId)
{
    if (auto exists = requireProject(projectId); !exists)
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
            refusal = noSuchProject(projectId);
            return rollback();
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
            return rollback();
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
            return rollback();
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

#include "KeyService.h"

#include "Digest.h"
#include "SecretGenerator.h"
#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

ApiError storageError(const Error& error)
{
    ApiError api = ApiError::unavailable(QCoreApplication::translate(
        "KeyService", "The service could not reach its database; try again shortly."));
    if (error.kind() == Error::Kind::StorageTooNew)
        api.message = error.message();
    if (error.kind() == Error::Kind::StorageFull) {
        // The transaction rolled back; once there is room the service goes on by itself (tst_crashsafety).
        api.code = "storage_full";
        api.message = QCoreApplication::translate(
            "KeyService",
            "The service's disk is full. Nothing was changed; retry once its operator has freed space.");
    }
    qWarning("keydesk-service: %s", qPrintable(error.toString()));
    return api;
}

const QString kKeyColumns =
    QStringLiteral("id, project_id, name, description, key_id, last4, status, created_at, "
                   "expires_at, last_used_at, username, secret_hash");

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
    return k;
}

constexpr int kMaxDescriptionLength = 1024;
constexpr qint64 kSigningKeyRecheckMs = 60 * 1000;

} // namespace

KeyService::KeyService(ServiceDatabase& db, ServiceConfig config, const Clock& clock)
    : m_db(db), m_config(std::move(config)), m_clock(clock)
{}

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
        (void)reloadSigningKeys();
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

KeyService::Result<QString> KeyService::rotateSigningKey()
{
    const QString kid = QStringLiteral("k") + QString::fromLatin1(SecretGenerator::randomBytes(6).toHex());
    const QDateTime now = m_clock.now();
    auto inserted =
        m_db.execute(QStringLiteral("INSERT INTO signing_keys (kid, secret, created_at) VALUES (?, ?, ?)"),
                     {kid, QString::fromLatin1(SecretGenerator::randomBytes(32).toBase64()), toSql(now)});
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

bool KeyService::hasAdminToken()
{
    auto rows = m_db.select(QStringLiteral("SELECT 1 FROM meta WHERE name = 'admin_token_sha256'"));
    return rows && !rows.value().isEmpty();
}

KeyService::Result<SecretBytes> KeyService::rotateAdminToken()
{
    SecretBytes token = SecretGenerator::adminToken();
    auto stored =
        m_db.execute(QStringLiteral("INSERT INTO meta (name, value) VALUES ('admin_token_sha256', ?) "
                                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"),
                     {SecretGenerator::sha256Hex(token)});
    if (!stored)
        return storageError(stored.error());
    return token;
}

bool KeyService::isAdminToken(const SecretBytes& presented)
{
    if (presented.isEmpty())
        return false;
    // The operator's admin token, or the session token of an embedded service (app or CLI) still running.
    auto rows =
        m_db.select(QStringLiteral("SELECT value FROM meta WHERE name = 'admin_token_sha256' "
                                   "UNION ALL SELECT token_sha256 FROM sessions WHERE expires_at > ?"),
                    {toSql(m_clock.now())});
    if (!rows)
        return false;
    const QByteArray hash = SecretGenerator::sha256Hex(presented).toLatin1();
    bool match = false;
    for (const auto& row : rows.value())
        match |= Digest::equal(row.first().toString().toLatin1(), hash); // no early exit
    return match;
}

KeyService::Result<KeyService::SessionToken> KeyService::addSessionToken()
{
    // Sessions of processes that were killed, and so never removed theirs, go once they have expired.
    (void)m_db.execute(QStringLiteral("DELETE FROM sessions WHERE expires_at <= ?"), {toSql(m_clock.now())});
    SessionToken session{SecretGenerator::uuid(), SecretGenerator::adminToken()};
    auto stored =
        m_db.execute(QStringLiteral("INSERT INTO sessions (id, token_sha256, expires_at) VALUES (?, ?, ?)"),
                     {session.id, SecretGenerator::sha256Hex(session.token),
                      toSql(m_clock.now().addSecs(SessionLifetimeSeconds))});
    if (!stored)
        return storageError(stored.error());
    return session;
}

bool KeyService::renewSessionToken(const QString& id)
{
    auto renewed =
        m_db.execute(QStringLiteral("UPDATE sessions SET expires_at = ? WHERE id = ? AND expires_at > ?"),
                     {toSql(m_clock.now().addSecs(SessionLifetimeSeconds)), id, toSql(m_clock.now())});
    return renewed && renewed.value() > 0;
}

void KeyService::removeSessionToken(const QString& id)
{
    (void)m_db.execute(QStringLiteral("DELETE FROM sessions WHERE id = ?"), {id});
}

KeyService::Result<QList<Project>> KeyService::listProjects()
{
    auto rows = m_db.select(QStringLiteral("SELECT id, name, created_at FROM projects ORDER BY name"));
    if (!rows)
        return storageError(rows.error());
    QList<Project> projects;
    for (const auto& r : rows.value())
        projects << Project{r.at(0).toString(), r.at(1).toString(), fromSql(r.at(2))};
    return projects;
}

KeyService::Result<Project> KeyService::createProject(const QString& rawName)
{
    const QString name = KeyNameValidator::normalized(rawName);
    if (const auto check = KeyNameValidator::validate(name); !check.ok())
        return ApiError::unprocessable("invalid_name", check.message);
    Project project{QStringLiteral("prj_") + SecretGenerator::uuid().remove(QLatin1Char('-')), name,
                    m_clock.now()};
    auto inserted =
        m_db.execute(QStringLiteral("INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)"),
                     {project.id, project.name, toSql(project.createdAt)});
    if (!inserted) {
        if (inserted.error().kind() == Error::Kind::Conflict)
            return ApiError::conflict(
                "name_taken",
                QCoreApplication::translate("KeyService", "A project named \u201C%1\u201D already exists.")
                    .arg(name));
        return storageError(inserted.error());
    }
    return project;
}

KeyService::Result<void> KeyService::deleteProject(const QString& projectId)
{
    // Keys go first explicitly: PostgreSQL cascades anyway, SQLite only with foreign_keys on.
    Result<void> outcome;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto keys = m_db.execute(QStringLiteral("DELETE FROM api_keys WHERE project_id = ?"), {projectId});
        if (!keys)
            return keys.error();
        auto removed = m_db.execute(QStringLiteral("DELETE FROM projects WHERE id = ?"), {projectId});
        if (!removed)
            return removed.error();
        if (removed.value() == 0) {
            outcome = ApiError::notFound(
                QCoreApplication::translate("KeyService", "There is no project %1.").arg(projectId));
            return Error(Error::Kind::NotFound, QStringLiteral("rollback"));
        }
        return {};
    });
    if (!outcome)
        return outcome;
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
        return ApiError::notFound(
            QCoreApplication::translate("KeyService", "There is no project %1.").arg(projectId));
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
                                                                 const NewKey& request)
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
            refusal = ApiError::notFound(
                QCoreApplication::translate("KeyService", "There is no project %1.").arg(projectId));
            return Error(Error::Kind::NotFound, QStringLiteral("rollback"));
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
            return Error(Error::Kind::LimitReached, QStringLiteral("rollback"));
        }
        auto inserted = m_db.execute(
            QStringLiteral(
                "INSERT INTO api_keys (id, project_id, name, description, key_id, secret_hash, last4, "
                "status, created_at, expires_at, last_used_at, username) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, NULL, ?)"),
            {key.remoteId, projectId, key.name, key.description, key.keyId,
             SecretGenerator::sha256Hex(created.secret), key.last4, toSql(key.createdAt),
             toSql(key.expiresAt), key.username});
        if (!inserted && inserted.error().kind() == Error::Kind::Conflict) {
            refusal = ApiError::conflict(
                "name_taken", QCoreApplication::translate(
                                  "KeyService", "A key named \u201C%1\u201D already exists in this project.")
                                  .arg(name));
        }
        if (!inserted)
            return inserted.error();
        return {};
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
        return ApiError::notFound(
            QCoreApplication::translate("KeyService", "There is no key %1 in project %2.")
                .arg(id, projectId));
    return keyFromRow(rows.value().first());
}

KeyService::Result<Credential> KeyService::updateKey(const QString& projectId, const QString& id,
                                                     const KeyChange& change)
{
    if (change.status && *change.status == KeyStatus::Expired) {
        return ApiError::unprocessable(
            "invalid_status",
            QCoreApplication::translate("KeyService",
                                        "status must be \u201Cactive\u201D or \u201Cinactive\u201D."));
    }
    if (change.description && change.description->size() > kMaxDescriptionLength) {
        return ApiError::unprocessable(
            "invalid_description",
            QCoreApplication::translate("KeyService", "The description is longer than %1 characters.")
                .arg(kMaxDescriptionLength));
    }
    auto current = keyById(projectId, id);
    if (!current)
        return current;
    Credential key = current.value();
    if (change.status)
        key.storedStatus = *change.status;
    if (change.description)
        key.description = *change.description;
    auto updated = m_db.execute(
        QStringLiteral("UPDATE api_keys SET status = ?, description = ? WHERE project_id = ? AND id = ?"),
        {keyStatusToString(key.storedStatus), key.description, projectId, id});
    if (!updated)
        return storageError(updated.error());
    return key;
}

KeyService::Result<void> KeyService::deleteKey(const QString& projectId, const QString& id)
{
    auto removed =
        m_db.execute(QStringLiteral("DELETE FROM api_keys WHERE project_id = ? AND id = ?"), {projectId, id});
    if (!removed)
        return storageError(removed.error());
    if (removed.value() == 0)
        return ApiError::notFound(
            QCoreApplication::translate("KeyService", "There is no key %1 in project %2.")
                .arg(id, projectId));
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

void KeyService::noteUsed(const Credential& key)
{
    const QDateTime now = m_clock.now();
    if (key.lastUsedAt.isValid() && key.lastUsedAt.secsTo(now) < 60)
        return;
    auto updated = m_db.execute(QStringLiteral("UPDATE api_keys SET last_used_at = ? WHERE id = ?"),
                                {toSql(now), key.remoteId});
    if (!updated) // losing a last-used mark must not fail the request that used the key
        qWarning("keydesk-service: could not record key use: %s", qPrintable(updated.error().toString()));
}

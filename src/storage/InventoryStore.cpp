#include "InventoryStore.h"

#include "InventoryIdStream.h"
#include "InventoryRows.h"
#include "core/KeychainNames.h"
#include "sql/SqlErrorMapper.h"
#include "sql/SqlTime.h"
#include "sql/SqlTransaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

using SqlTime::toSql;

namespace {

void prepareWith(QSqlQuery& q, const QString& sql, const QVariantList& values)
{
    q.prepare(sql);
    for (const QVariant& v : values)
        q.addBindValue(v);
}

} // namespace

InventoryStore::InventoryStore(const Clock& clock) : m_clock(clock) {}

Expected<void> InventoryStore::open(const QString& path)
{
    return m_file.open(path);
}

void InventoryStore::close()
{
    m_file.close();
}

bool InventoryStore::isOpen() const
{
    return m_file.isOpen();
}

QSqlDatabase InventoryStore::database() const
{
    return m_file.database();
}

namespace {

Error nameTaken(const QString& name)
{
    return Error(
        Error::Kind::Conflict,
        QCoreApplication::translate("InventoryStore", "A connection named \u201C%1\u201D already exists.")
            .arg(name));
}

} // namespace

Expected<qint64> InventoryStore::addConnection(const Connection& connection)
{
    const QString action = QCoreApplication::translate("InventoryStore", "add the connection \u201C%1\u201D")
                               .arg(connection.name);
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "INSERT INTO connections (name, kind, url, embedded, last_synced_at, provider_settings, uid) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(InventoryRows::text(connection.name));
    q.addBindValue(Connection::kindToString(connection.kind));
    q.addBindValue(InventoryRows::text(connection.url.toString()));
    q.addBindValue(connection.embedded ? 1 : 0);
    q.addBindValue(toSql(connection.lastSyncedAt));
    q.addBindValue(connection.kind == Connection::Kind::KeyDeskService
                       ? QStringLiteral("")
                       : QString::fromUtf8(connection.provider.toJson()));
    q.addBindValue(connection.uid.isEmpty() ? KeychainNames::newConnectionUid() : connection.uid);
    if (!q.exec()) {
        if (SqlErrorMapper::isUniqueViolation(q.lastError())) {
            return nameTaken(connection.name);
        }
        return SqlErrorMapper::map(q.lastError(), action);
    }
    return q.lastInsertId().toLongLong();
}

Expected<QList<Connection>> InventoryStore::connections() const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + InventoryRows::connectionColumns() +
                QStringLiteral(" FROM connections ORDER BY embedded DESC, name COLLATE NOCASE")))
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the connections"));
    QList<Connection> result;
    while (q.next())
        result << InventoryRows::connection(q);
    return result;
}

Expected<Connection> InventoryStore::connection(qint64 connectionId) const
{
    auto all = connections();
    if (!all)
        return all.error();
    for (const Connection& c : all.value()) {
        if (c.id == connectionId)
            return c;
    }
    return Error(Error::Kind::NotFound,
                 QCoreApplication::translate("InventoryStore", "The connection no longer exists."));
}

Expected<void> InventoryStore::markKeychainNamesMigrated(qint64 connectionId)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE connections SET legacy_keychain_names = 0 WHERE id = ?"));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "update the connection"));
    return {};
}

Expected<void> InventoryStore::setProviderSettings(qint64 connectionId, const ProviderSettings& provider)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE connections SET provider_settings = ? WHERE id = ? AND kind != 'keydesk'"));
    q.addBindValue(QString::fromUtf8(provider.toJson()));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "update the connection"));
    if (q.numRowsAffected() != 1)
        return Error(Error::Kind::NotFound,
                     QCoreApplication::translate("InventoryStore", "The connection no longer exists."));
    return {};
}

Expected<void> InventoryStore::renameConnection(qint64 connectionId, const QString& name)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE connections SET name = ? WHERE id = ?"));
    q.addBindValue(name);
    q.addBindValue(connectionId);
    if (!q.exec()) {
        if (SqlErrorMapper::isUniqueViolation(q.lastError()))
            return nameTaken(name);
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "rename the connection"));
    }
    if (q.numRowsAffected() != 1)
        return Error(Error::Kind::NotFound,
                     QCoreApplication::translate("InventoryStore", "The connection no longer exists."));
    return {};
}

Expected<void> InventoryStore::removeConnection(qint64 connectionId)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM connections WHERE id = ?"));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "remove the connection"));
    return {};
}

Expected<qint64> InventoryStore::upsert(const Credential& c)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral(
        "INSERT INTO credentials (connection_id, project, remote_id, name, description, key_id, last4, "
        "status, "
        " created_at, expires_at, last_used_at, username, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (connection_id, key_id) DO UPDATE SET project = excluded.project, "
        " remote_id = excluded.remote_id, name = excluded.name, description = excluded.description, "
        " last4 = excluded.last4, status = excluded.status, created_at = excluded.created_at, "
        " expires_at = excluded.expires_at, last_used_at = excluded.last_used_at, username = "
        "excluded.username, created_by = excluded.created_by "
        "RETURNING id"));
    q.addBindValue(c.connectionId);
    q.addBindValue(InventoryRows::text(c.project));
    q.addBindValue(InventoryRows::text(c.remoteId));
    q.addBindValue(InventoryRows::text(c.name));
    q.addBindValue(InventoryRows::text(c.description));
    q.addBindValue(InventoryRows::text(c.keyId));
    q.addBindValue(InventoryRows::text(c.last4));
    q.addBindValue(
        keyStatusToString(c.storedStatus == KeyStatus::Inactive ? KeyStatus::Inactive : KeyStatus::Active));
    q.addBindValue(toSql(c.createdAt));
    q.addBindValue(toSql(c.expiresAt));
    q.addBindValue(toSql(c.lastUsedAt));
    q.addBindValue(InventoryRows::text(c.username));
    q.addBindValue(InventoryRows::text(c.createdBy));
    const QString action =
        QCoreApplication::translate("InventoryStore", "save the key \u201C%1\u201D").arg(c.name);
    if (!q.exec() || !q.next())
        return SqlErrorMapper::map(q.lastError(), action);
    const qint64 id = q.value(0).toLongLong();
    // With RETURNING, SQLite hands out the row before the statement has finished writing (the full-text
    // index's triggers included): a full disk shows up only on the last step, so take it.
    q.next();
    if (q.lastError().isValid())
        return SqlErrorMapper::map(q.lastError(), action);
    return id;
}

Expected<qint64> InventoryStore::saveCredential(const Credential& credential)
{
    return upsert(credential);
}

Expected<void> InventoryStore::saveCredentials(const QList<Credential>& credentials)
{
    const QString action = QCoreApplication::translate("InventoryStore", "save the keys");
    SqlTransaction transaction(database());
    if (auto begun = transaction.begin(action); !begun)
        return begun;
    for (const Credential& c : credentials) {
        if (auto saved = upsert(c); !saved)
            return saved.error();
    }
    return transaction.commit(action);
}

Expected<void> InventoryStore::replaceCredentials(qint64 connectionId, const QList<Credential>& credentials,
                                                  const QDateTime& syncedAt)
{
    const QString action = QCoreApplication::translate("InventoryStore", "update the inventory");
    SqlTransaction transaction(database());
    if (auto begun = transaction.begin(action); !begun)
        return begun;
    QSqlQuery q(database());
    // Mark, then sweep: rows the service no longer reports are the ones not touched by this sync.
    q.prepare(QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS sync_keep (key_id TEXT PRIMARY KEY)"));
    if (!q.exec() || !q.exec(QStringLiteral("DELETE FROM sync_keep")))
        return SqlErrorMapper::map(q.lastError(), action);
    QSqlQuery keep(database());
    keep.prepare(QStringLiteral("INSERT OR IGNORE INTO sync_keep (key_id) VALUES (?)"));
    for (Credential c : credentials) {
        c.connectionId = connectionId;
        if (auto saved = upsert(c); !saved)
            return saved.error();
        keep.addBindValue(c.keyId);
        if (!keep.exec())
            return SqlErrorMapper::map(keep.lastError(), action);
    }
    q.prepare(QStringLiteral("DELETE FROM credentials WHERE connection_id = ? AND "
                             "key_id NOT IN (SELECT key_id FROM sync_keep)"));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), action);
    q.prepare(QStringLiteral("UPDATE connections SET last_synced_at = ? WHERE id = ?"));
    q.addBindValue(toSql(syncedAt));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), action);
    return transaction.commit(action);
}

Expected<void> InventoryStore::linkSuccessor(qint64 connectionId, const QString& successorKeyId,
                                             const QString& replacedKeyId)
{
    QSqlQuery q(database());
    q.prepare(
        QStringLiteral("UPDATE credentials SET replaces_key_id = ? WHERE connection_id = ? AND key_id = ?"));
    q.addBindValue(replacedKeyId);
    q.addBindValue(connectionId);
    q.addBindValue(successorKeyId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "link the rotated keys"));
    if (q.numRowsAffected() != 1)
        return Error(
            Error::Kind::NotFound,
            QCoreApplication::translate("InventoryStore", "The new key is not in the inventory yet."));
    return {};
}

Expected<InventoryStore::RotationLinks> InventoryStore::rotationLinks(const Credential& key) const
{
    RotationLinks links;
    const QString action = QCoreApplication::translate("InventoryStore", "read the rotation links");
    auto firstId = [&](const QString& sql, const QString& keyId) -> Expected<std::optional<qint64>> {
        QSqlQuery q(database());
        q.prepare(sql);
        q.addBindValue(key.connectionId);
        q.addBindValue(keyId);
        if (!q.exec())
            return SqlErrorMapper::map(q.lastError(), action);
        return q.next() ? std::optional<qint64>(q.value(0).toLongLong()) : std::nullopt;
    };
    auto predecessor =
        key.replacesKeyId.isEmpty()
            ? Expected<std::optional<qint64>>(std::nullopt)
            : firstId(
                  QStringLiteral("SELECT id FROM credentials WHERE connection_id = ? AND key_id = ? LIMIT 1"),
                  key.replacesKeyId);
    auto successor = firstId(QStringLiteral("SELECT id FROM credentials WHERE connection_id = ? AND "
                                            "replaces_key_id = ? AND replaces_key_id <> '' LIMIT 1"),
                             key.keyId);
    if (!predecessor)
        return predecessor.error();
    if (!successor)
        return successor.error();
    QVector<qint64> ids;
    for (const auto& id : {predecessor.value(), successor.value()})
        if (id)
            ids << *id;
    auto rows = credentialsByIds(ids);
    if (!rows)
        return rows.error();
    for (const Credential& c : rows.value()) {
        if (predecessor.value() == c.id)
            links.replaces = c;
        if (successor.value() == c.id)
            links.replacedBy = c;
    }
    return links;
}

Expected<void> InventoryStore::recordTest(qint64 credentialId, const QDateTime& testedAt,
                                          const QString& result)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE credentials SET last_tested_at = ?, last_test_result = ? WHERE id = ?"));
    q.addBindValue(toSql(testedAt));
    q.addBindValue(InventoryRows::text(result.left(500)));
    q.addBindValue(credentialId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "record the test result"));
    return {};
}

Expected<void> InventoryStore::removeCredential(qint64 credentialId)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("DELETE FROM credentials WHERE id = ?"));
    q.addBindValue(credentialId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "remove the key"));
    return {};
}

Expected<InventoryQuerySql> InventoryStore::plan(const InventoryQuery& query) const
{
    return InventoryQuerySql::plan(database(), query, m_clock.now());
}

Expected<QList<Credential>> InventoryStore::credentials(const InventoryQuery& query) const
{
    auto planned = plan(query);
    if (!planned)
        return planned.error();
    const SqlStatement statement = planned.value().rows();
    QSqlQuery q(database());
    q.setForwardOnly(true);
    prepareWith(q, statement.sql, statement.values);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the inventory"));
    QList<Credential> result;
    while (q.next())
        result << InventoryRows::credential(q);
    return result;
}

Expected<QList<Credential>> InventoryStore::credentialsByIds(const QVector<qint64>& ids) const
{
    if (ids.isEmpty())
        return QList<Credential>();
    QStringList list;
    list.reserve(ids.size());
    for (qint64 id : ids)
        list << QString::number(id);
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + InventoryQuerySql::credentialColumns() +
                QStringLiteral(" FROM credentials c WHERE c.id IN (") + list.join(QLatin1Char(',')) +
                QLatin1Char(')')))
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the inventory"));
    QHash<qint64, Credential> byId;
    while (q.next()) {
        Credential c = InventoryRows::credential(q);
        byId.insert(c.id, std::move(c));
    }
    QList<Credential> result;
    result.reserve(byId.size());
    for (qint64 id : ids) {
        if (auto found = byId.find(id); found != byId.end())
            result << found.value();
    }
    return result;
}

Expected<std::optional<qint64>> InventoryStore::credentialId(qint64 connectionId, const QString& keyId) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT id FROM credentials WHERE connection_id = ? AND key_id = ?"));
    q.addBindValue(connectionId);
    q.addBindValue(keyId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the inventory"));
    return q.next() ? std::optional<qint64>(q.value(0).toLongLong()) : std::nullopt;
}

Expected<std::unique_ptr<InventoryIdStream>> InventoryStore::streamIds(const InventoryQuery& query) const
{
    auto planned = plan(query);
    if (!planned)
        return planned.error();
    return std::make_unique<InventoryIdStream>(database(), planned.value().ids());
}

Expected<int> InventoryStore::countCredentials(const InventoryQuery& query) const
{
    auto planned = plan(query);
    if (!planned)
        return planned.error();
    const SqlStatement statement = planned.value().count();
    QSqlQuery q(database());
    prepareWith(q, statement.sql, statement.values);
    if (!q.exec() || !q.next())
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "count the inventory"));
    return q.value(0).toInt();
}

#include "InventoryStore.h"

#include "FoldedContains.h"
#include "InventoryIdStream.h"
#include "InventorySchema.h"
#include "sql/SqlErrorMapper.h"
#include "sql/SqlTime.h"
#include "sql/SqlTransaction.h"
#include "core/KeychainNames.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

// Text columns are NOT NULL; a null QString would bind as SQL NULL, so bind "" instead.
QString text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

// A file that exists and has content but does not start with SQLite's magic header is not ours; we refuse
// it before SQLite touches it, so nothing (not even a journal) is ever written next to it.
bool looksLikeSqlite(const QString& path)
{
    QFile file(path);
    if (!file.exists() || file.size() == 0)
        return true;
    if (!file.open(QIODevice::ReadOnly))
        return true; // let SQLite report the permission problem in its own words
    static const QByteArray magic("SQLite format 3\0", 16);
    return file.read(16) == magic;
}

void prepareWith(QSqlQuery& q, const QString& sql, const QVariantList& values)
{
    q.prepare(sql);
    for (const QVariant& v : values)
        q.addBindValue(v);
}

// Reads a row selected with InventoryQuerySql::credentialColumns().
Credential credentialFrom(const QSqlQuery& q)
{
    Credential c;
    c.id = q.value(0).toLongLong();
    c.connectionId = q.value(1).toLongLong();
    c.project = q.value(2).toString();
    c.remoteId = q.value(3).toString();
    c.name = q.value(4).toString();
    c.description = q.value(5).toString();
    c.keyId = q.value(6).toString();
    c.last4 = q.value(7).toString();
    c.storedStatus = keyStatusFromString(q.value(8).toString()).value_or(KeyStatus::Inactive);
    c.createdAt = fromSql(q.value(9));
    c.expiresAt = fromSql(q.value(10));
    c.lastUsedAt = fromSql(q.value(11));
    c.username = q.value(12).toString();
    c.lastTestedAt = fromSql(q.value(13));
    c.lastTestResult = q.value(14).toString();
    c.replacesKeyId = q.value(15).toString();
    c.connectionUid = q.value(16).toString();
    c.createdBy = q.value(17).toString();
    c.projectName = q.value(18).toString();
    return c;
}

} // namespace

InventoryStore::InventoryStore(const Clock& clock) : m_clock(clock)
{
    static QAtomicInteger<int> counter;
    m_connectionName = QStringLiteral("keydesk-inventory-%1").arg(counter.fetchAndAddRelaxed(1));
}

InventoryStore::~InventoryStore()
{
    close();
}

QSqlDatabase InventoryStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool InventoryStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

void InventoryStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Expected<void> InventoryStore::open(const QString& path)
{
    close();
    m_path = path;
    const QString action = QCoreApplication::translate("InventoryStore", "open the inventory %1")
                               .arg(QDir::toNativeSeparators(path));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error(
            Error::Kind::StorageReadOnly,
            QCoreApplication::translate("InventoryStore", "Could not create the folder %1 for the inventory.")
                .arg(QDir::toNativeSeparators(info.absolutePath())));
    }
    if (!looksLikeSqlite(path)) {
        return Error(Error::Kind::StorageCorrupt,
                     QCoreApplication::translate(
                         "InventoryStore",
                         "%1 is not a KeyDesk inventory (it is damaged or another kind of file). "
                         "It was left untouched.")
                         .arg(QDir::toNativeSeparators(path)));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
    if (!db.open()) {
        Error error = SqlErrorMapper::map(db.lastError(), action);
        db = QSqlDatabase();
        close();
        return error;
    }
    Expected<void> ready = FoldedContains::install(db);
    if (ready)
        ready = configureAndMigrate();
    if (!ready) {
        db = QSqlDatabase();
        close();
    }
    return ready;
}

Expected<void> InventoryStore::configureAndMigrate()
{
    QSqlDatabase db = database();
    const QString action = QCoreApplication::translate("InventoryStore", "open the inventory %1")
                               .arg(QDir::toNativeSeparators(m_path));
    QSqlQuery q(db);
    // Reading the version first: a foreign or damaged file fails here, before anything is written.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return SqlErrorMapper::map(q.lastError(), action);
    const int version = q.value(0).toInt();
    q.finish();
    const int latest = InventorySchema::latestVersion();
    if (version > latest) {
        return Error(Error::Kind::StorageTooNew,
                     QCoreApplication::translate(
                         "InventoryStore",
                         "%1 was written by a newer KeyDesk (schema %2; this version knows up to %3). "
                         "Update KeyDesk to open it; the file was left untouched.")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(version)
                         .arg(latest));
    }
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next())
        return SqlErrorMapper::map(q.lastError(), action);
    if (q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return Error(Error::Kind::StorageReadOnly,
                     QCoreApplication::translate(
                         "InventoryStore",
                         "Could not switch the inventory to write-ahead logging (is the folder read-only?)."),
                     q.value(0).toString());
    }
    q.finish();
    for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return SqlErrorMapper::map(q.lastError(), action);
    }
    if (version == latest)
        return {};

    const QString migrateAction = QCoreApplication::translate("InventoryStore", "upgrade the inventory %1")
                                      .arg(QDir::toNativeSeparators(m_path));
    SqlTransaction transaction(db);
    if (auto begun = transaction.begin(migrateAction); !begun)
        return begun;
    const QList<QStringList>& steps = InventorySchema::migrations();
    for (int step = version; step < latest; ++step) {
        for (const QString& statement : steps.at(step)) {
            if (!q.exec(statement))
                return SqlErrorMapper::map(q.lastError(), migrateAction);
        }
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(latest)))
        return SqlErrorMapper::map(q.lastError(), migrateAction);
    return transaction.commit(migrateAction);
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
    q.addBindValue(text(connection.name));
    q.addBindValue(Connection::kindToString(connection.kind));
    q.addBindValue(text(connection.url.toString()));
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
    if (!q.exec(
            QStringLiteral("SELECT id, name, kind, url, embedded, last_synced_at, provider_settings, uid, "
                           "legacy_keychain_names, signed_in_as, role FROM connections "
                           "ORDER BY embedded DESC, name COLLATE NOCASE")))
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the connections"));
    QList<Connection> result;
    while (q.next()) {
        Connection c;
        c.id = q.value(0).toLongLong();
        c.name = q.value(1).toString();
        c.kind = Connection::kindFromString(q.value(2).toString()).value_or(Connection::Kind::KeyDeskService);
        c.url = QUrl(q.value(3).toString());
        c.embedded = q.value(4).toBool();
        c.lastSyncedAt = fromSql(q.value(5));
        auto provider = ProviderSettings::fromJson(q.value(6).toString().toUtf8());
        if (provider)
            c.provider = provider.value();
        c.uid = q.value(7).toString();
        c.legacyKeychainNames = q.value(8).toBool();
        c.signedInAs = q.value(9).toString();
        c.role = roleFromString(q.value(10).toString());
        result << c;
    }
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
    q.addBindValue(text(c.project));
    q.addBindValue(text(c.remoteId));
    q.addBindValue(text(c.name));
    q.addBindValue(text(c.description));
    q.addBindValue(text(c.keyId));
    q.addBindValue(text(c.last4));
    q.addBindValue(
        keyStatusToString(c.storedStatus == KeyStatus::Inactive ? KeyStatus::Inactive : KeyStatus::Active));
    q.addBindValue(toSql(c.createdAt));
    q.addBindValue(toSql(c.expiresAt));
    q.addBindValue(toSql(c.lastUsedAt));
    q.addBindValue(text(c.username));
    q.addBindValue(text(c.createdBy));
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

Expected<QSet<QString>> InventoryStore::shownReminders() const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT reminder_key FROM reminders_shown")))
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the reminders"));
    QSet<QString> keys;
    while (q.next())
        keys.insert(q.value(0).toString());
    return keys;
}

Expected<void> InventoryStore::markRemindersShown(const QStringList& reminderKeys, const QDateTime& shownAt)
{
    const QString action = QCoreApplication::translate("InventoryStore", "remember the reminders");
    SqlTransaction transaction(database());
    if (auto begun = transaction.begin(action); !begun)
        return begun;
    QSqlQuery q(database());
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO reminders_shown (reminder_key, shown_at) VALUES (?, ?)"));
    for (const QString& key : reminderKeys) {
        q.addBindValue(key);
        q.addBindValue(shownAt.toMSecsSinceEpoch());
        if (!q.exec())
            return SqlErrorMapper::map(q.lastError(), action);
    }
    return transaction.commit(action);
}

Expected<void> InventoryStore::recordTest(qint64 credentialId, const QDateTime& testedAt,
                                          const QString& result)
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("UPDATE credentials SET last_tested_at = ?, last_test_result = ? WHERE id = ?"));
    q.addBindValue(toSql(testedAt));
    q.addBindValue(text(result.left(500)));
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
        result << credentialFrom(q);
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
        Credential c = credentialFrom(q);
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

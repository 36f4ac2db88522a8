#include "ServiceDatabase.h"

#include "ServiceSchema.h"
#include "storage/SqlErrorMapper.h"
#include "storage/SqlTransaction.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace {

// One per thread: this thread's connection to each ServiceDatabase instance and its prepared statements.
struct ThreadConnections
{
    struct Entry
    {
        QString name;
        QHash<QString, std::shared_ptr<QSqlQuery>> statements;
    };
    std::unordered_map<quint64, Entry> byInstance;

    void drop(quint64 instance)
    {
        auto it = byInstance.find(instance);
        if (it == byInstance.end())
            return;
        const QString name = it->second.name;
        byInstance.erase(it); // statements first: a connection cannot close under a live query
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    ~ThreadConnections()
    {
        while (!byInstance.empty())
            drop(byInstance.begin()->first);
    }
};

thread_local ThreadConnections t_connections;

const QString kSchemaTable = QStringLiteral("keydesk_schema");

// Every text column is NOT NULL; a null QString would bind as SQL NULL, so it binds as "".
void bindAll(QSqlQuery& q, const QVariantList& binds)
{
    for (int i = 0; i < binds.size(); ++i) {
        const QVariant& v = binds.at(i);
        if (v.typeId() == QMetaType::QString && v.toString().isNull())
            q.bindValue(i, QStringLiteral(""));
        else
            q.bindValue(i, v);
    }
}

} // namespace

ServiceDatabase::ServiceDatabase(DatabaseUrl url) : m_url(std::move(url))
{
    static QAtomicInteger<quint64> counter;
    m_instance = counter.fetchAndAddRelaxed(1) + 1;
}

ServiceDatabase::~ServiceDatabase()
{
    t_connections.drop(m_instance);
}

Expected<void> ServiceDatabase::keptPrivate(const QString& path)
{
    // The file holds the token signing key and the admin token's hash: a copy lets anyone forge tokens.
    // New files are created owner-only (SQLite gives its -wal and -shm files the same mode); an existing file
    // that others can read is refused, not silently fixed: someone may already have copied it.
    if (path.isEmpty() || path == QLatin1String(":memory:"))
        return {};
    const QByteArray native = QFile::encodeName(path);
    struct stat info
    {};
    if (::stat(native.constData(), &info) != 0) {
        const int fd = ::open(native.constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
        return {}; // or someone else just created it: SQLite opens it and the next start checks it
    }
    if ((info.st_mode & 077) != 0)
        return Error(Error::Kind::StorageReadOnly,
                     QCoreApplication::translate(
                         "ServiceDatabase", "%1 can be read by other users (mode %2); it holds the token "
                                            "signing key. Make it private first: chmod 600 %1")
                         .arg(path)
                         .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0')));
    return {};
}

Expected<QSqlDatabase> ServiceDatabase::connection()
{
    auto found = t_connections.byInstance.find(m_instance);
    if (found != t_connections.byInstance.end())
        return QSqlDatabase::database(found->second.name, false);

    const QString name = QStringLiteral("keydesk-service-%1-%2")
                             .arg(m_instance)
                             .arg(quintptr(QThread::currentThreadId()), 0, 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(m_url.driver, name);
    if (m_url.isPostgres()) {
        db.setHostName(m_url.host);
        if (m_url.port > 0)
            db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.databaseName);
        db.setConnectOptions(m_url.connectOptions());
    } else {
        if (auto kept = keptPrivate(m_url.path); !kept)
            return kept.error();
        db.setDatabaseName(m_url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open()) {
        Error error = SqlErrorMapper::map(
            db.lastError(), QCoreApplication::translate("ServiceDatabase", "open the service database %1")
                                .arg(m_url.redacted()));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return error;
    }
    if (!m_url.isPostgres()) {
        QSqlQuery q(db);
        for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
            if (!q.exec(QString::fromLatin1(pragma)))
                return SqlErrorMapper::map(
                    q.lastError(),
                    QCoreApplication::translate("ServiceDatabase", "configure the service database"));
        }
    }
    t_connections.byInstance[m_instance].name = name;
    return db;
}

Expected<QSqlQuery*> ServiceDatabase::run(const QString& sql, const QVariantList& binds,
                                          const QString& action)
{
    auto db = connection();
    if (!db)
        return db.error();
    auto& cached = t_connections.byInstance[m_instance].statements[sql];
    if (!cached) {
        cached = std::make_shared<QSqlQuery>(db.value());
        cached->setForwardOnly(true);
        if (!cached->prepare(sql)) {
            Error error = SqlErrorMapper::map(cached->lastError(), action);
            cached.reset();
            return error;
        }
    }
    QSqlQuery* q = cached.get();
    bindAll(*q, binds);
    if (!q->exec()) {
        Error error = SqlErrorMapper::map(q->lastError(), action);
        q->finish();
        return error;
    }
    return q;
}

Expected<QList<ServiceDatabase::Row>> ServiceDatabase::select(const QString& sql, const QVariantList& binds)
{
    auto ran = run(sql, binds, QCoreApplication::translate("ServiceDatabase", "read the service database"));
    if (!ran)
        return ran.error();
    QSqlQuery& q = *ran.value();
    QList<Row> rows;
    const int columns = q.record().count();
    while (q.next()) {
        Row row;
        row.reserve(columns);
        for (int c = 0; c < columns; ++c)
            row << q.value(c);
        rows << row;
    }
    q.finish(); // ends SQLite's read snapshot so writers and checkpoints are not held back
    return rows;
}

Expected<int> ServiceDatabase::execute(const QString& sql, const QVariantList& binds)
{
    auto ran =
        run(sql, binds, QCoreApplication::translate("ServiceDatabase", "write to the service database"));
    if (!ran)
        return ran.error();
    const int affected = ran.value()->numRowsAffected();
    ran.value()->finish();
    return affected;
}

Expected<void> ServiceDatabase::transaction(const std::function<Expected<void>()>& work)
{
    auto db = connection();
    if (!db)
        return db.error();
    SqlTransaction tx(db.value());
    if (auto begun = tx.begin(QCoreApplication::translate("ServiceDatabase", "start a transaction")); !begun)
        return begun;
    if (auto done = work(); !done)
        return done;
    return tx.commit(QCoreApplication::translate("ServiceDatabase", "commit a transaction"));
}

Expected<void> ServiceDatabase::migrate()
{
    if (!m_url.isPostgres()) {
        const QFileInfo info(m_url.path);
        if (!QDir().mkpath(info.absolutePath())) {
            return Error(Error::Kind::StorageReadOnly,
                         QCoreApplication::translate(
                             "ServiceDatabase", "Could not create the folder %1 for the service database.")
                             .arg(info.absolutePath()));
        }
    }
    auto db = connection();
    if (!db)
        return db.error();
    if (!m_url.isPostgres()) {
        QSqlQuery q(db.value());
        if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
            return SqlErrorMapper::map(
                q.lastError(), QCoreApplication::translate("ServiceDatabase", "open the service database"));
    }
    return migrateLocked(db.value());
}

Expected<void> ServiceDatabase::migrateLocked(QSqlDatabase db)
{
    const QString action = QCoreApplication::translate("ServiceDatabase", "upgrade the service database");
    SqlTransaction tx(db);
    if (auto begun = tx.begin(action); !begun)
        return begun;
    QSqlQuery q(db);
    // Several service instances may start together on one PostgreSQL database: one migrates, the rest wait.
    if (m_url.isPostgres() && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7270301)")))
        return SqlErrorMapper::map(q.lastError(), action);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS ") + kSchemaTable +
                QStringLiteral(" (version INTEGER NOT NULL)")))
        return SqlErrorMapper::map(q.lastError(), action);
    if (!q.exec(QStringLiteral("SELECT version FROM ") + kSchemaTable))
        return SqlErrorMapper::map(q.lastError(), action);
    const bool hasRow = q.next();
    const int version = hasRow ? q.value(0).toInt() : 0;
    q.finish();
    const int latest = ServiceSchema::latestVersion();
    if (version > latest) {
        return Error(
            Error::Kind::StorageTooNew,
            QCoreApplication::translate(
                "ServiceDatabase",
                "The service database was written by a newer keydesk-server (schema %1; this one knows up "
                "to %2). Upgrade keydesk-server.")
                .arg(version)
                .arg(latest));
    }
    for (int step = version; step < latest; ++step) {
        for (const QString& statement : ServiceSchema::migrations().at(step)) {
            if (!q.exec(ServiceSchema::forDialect(statement, m_url.isPostgres())))
                return SqlErrorMapper::map(q.lastError(), action);
        }
    }
    if (version != latest) {
        const QString update = hasRow ? QStringLiteral("UPDATE %1 SET version = %2")
                                      : QStringLiteral("INSERT INTO %1 (version) VALUES (%2)");
        if (!q.exec(update.arg(kSchemaTable).arg(latest)))
            return SqlErrorMapper::map(q.lastError(), action);
    }
    return tx.commit(action);
}

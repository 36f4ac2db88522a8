#include "ServiceDatabase.h"

#include "PrivateDatabaseFile.h"
#include "ServiceSchema.h"
#include "sql/SqlErrorMapper.h"
#include "sql/SqlTransaction.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <chrono>
#include <fcntl.h>
#include <libpq-fe.h>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace {

thread_local bool t_forgettingDeadStatements = false;
thread_local bool t_sendingAgain = false; // a statement is sent again after its connection was lost

// Whether a PostgreSQL connection is gone. libpq does not always notice at once (a write to a closed socket
// can look sent): after a failure, one empty query finds out. False for anything but QPSQL.
bool postgresConnectionLost(const QSqlDatabase& db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    // QPSQL's handle is libpq's PGconn*, registered under the struct's own name.
    if (qstrcmp(handle.typeName(), "pg_conn*") != 0 && qstrcmp(handle.typeName(), "PGconn*") != 0)
        return false;
    PGconn* native = *static_cast<PGconn* const*>(handle.constData());
    if (!native || PQstatus(native) == CONNECTION_BAD)
        return true;
    PQclear(PQexec(native, ""));
    return PQstatus(native) == CONNECTION_BAD;
}

// One per thread: this thread's connection to each ServiceDatabase instance and its prepared statements.
struct ThreadConnections
{
    struct Entry
    {
        QString name;
        QHash<QString, std::shared_ptr<QSqlQuery>> statements;
        bool lost = false;          // the server went away: reopened at the next top-level call
        bool inTransaction = false; // a lost connection is not reopened under a transaction
    };
    std::unordered_map<quint64, Entry> byInstance;
    // After a failed attempt to connect, this thread waits before the next one (no reconnect storm from every
    // worker of every instance): 100 ms, doubling to 2 s.
    struct Backoff
    {
        std::chrono::steady_clock::time_point nextAttempt;
        std::chrono::milliseconds wait{0};
    };
    std::unordered_map<quint64, Backoff> backoff;

    void drop(quint64 instance)
    {
        auto it = byInstance.find(instance);
        if (it == byInstance.end())
            return;
        const QString name = it->second.name;
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            t_forgettingDeadStatements = it->second.lost || postgresConnectionLost(db);
            byInstance.erase(it); // statements first: a connection cannot close under a live query
            t_forgettingDeadStatements = false;
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

// A dead connection's prepared statements cannot be deallocated; QPSQL says so for each of them. The log
// already said the database went away (once): those lines are dropped, every other message passes on.
QtMessageHandler g_nextHandler = nullptr;

void quietAboutDeadStatements(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (t_forgettingDeadStatements && message.startsWith(QLatin1String("Unable to free statement")))
        return;
    if (g_nextHandler)
        g_nextHandler(type, context, message);
}

// libpq prints the server's notices to stderr ("terminating connection due to administrator command" from
// every connection at a restart); the service logs what matters itself.
void ignoreNotice(void*, const char*) {}

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

ServiceDatabase::ServiceDatabase(DatabaseUrl url, bool create) : m_url(std::move(url)), m_create(create)
{
    static QAtomicInteger<quint64> counter;
    m_instance = counter.fetchAndAddRelaxed(1) + 1;
    static std::once_flag filterInstalled;
    if (m_url.isPostgres())
        std::call_once(filterInstalled,
                       [] { g_nextHandler = qInstallMessageHandler(quietAboutDeadStatements); });
}

ServiceDatabase::~ServiceDatabase()
{
    t_connections.drop(m_instance);
}

Error ServiceDatabase::unavailable(const QString& detail) const
{
    // Kind::Network: the database could not be reached; the API answers 503 storage_unavailable and
    // Retry-After, and the log says it once (noteAvailable), not on every request.
    return Error(Error::Kind::Network,
                 QCoreApplication::translate("ServiceDatabase", "The database %1 cannot be reached.")
                     .arg(m_url.redacted()),
                 detail);
}

void ServiceDatabase::noteAvailable(bool available, const QString& detail)
{
    if (m_available.exchange(available) == available)
        return;
    if (available)
        qWarning("keydesk-service: the database %s answers again", qPrintable(m_url.redacted()));
    else
        qWarning("keydesk-service: the database %s cannot be reached (%s); requests that need it are "
                 "answered 503 until it is back",
                 qPrintable(m_url.redacted()), qPrintable(detail));
}

bool ServiceDatabase::lostConnection(const QSqlDatabase& db) const
{
    // A SQLite file does not go away between two statements.
    return m_url.isPostgres() && postgresConnectionLost(db);
}

void ServiceDatabase::markLost()
{
    // Not yet an outage: a connection killed on its own (pg_terminate_backend, an idle timeout, a restart
    // long over) is replaced quietly. Only failing to open a new one says the database is away.
    auto found = t_connections.byInstance.find(m_instance);
    if (found != t_connections.byInstance.end())
        found->second.lost = true;
}

Expected<QSqlDatabase> ServiceDatabase::connection()
{
    auto found = t_connections.byInstance.find(m_instance);
    if (found != t_connections.byInstance.end()) {
        if (!found->second.lost)
            return QSqlDatabase::database(found->second.name, false);
        if (found->second.inTransaction)
            return unavailable(QStringLiteral("connection lost inside a transaction"));
        t_connections.drop(m_instance); // its prepared statements go with it
    }
    ThreadConnections::Backoff& backoff = t_connections.backoff[m_instance];
    const auto now = std::chrono::steady_clock::now();
    if (now < backoff.nextAttempt)
        return unavailable(QStringLiteral("waiting before connecting again"));

    const QString name = QStringLiteral("keydesk-service-%1-%2")
                             .arg(m_instance)
                             .arg(quintptr(QThread::currentThreadId()), 0, 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(m_url.driver, name);
    using std::chrono::milliseconds;
    if (m_url.isPostgres()) {
        db.setHostName(m_url.host);
        if (m_url.port > 0)
            db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.databaseName);
        db.setConnectOptions(m_url.connectOptions());
    } else {
        if (!m_create && !QFileInfo::exists(m_url.path))
            return noDatabase();
        if (auto kept = PrivateDatabaseFile::check(m_url.path); !kept)
            return kept.error();
        db.setDatabaseName(m_url.path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    }
    if (!db.open()) {
        Error error = m_url.isPostgres()
                          ? unavailable(db.lastError().text())
                          : SqlErrorMapper::map(
                                db.lastError(),
                                QCoreApplication::translate("ServiceDatabase", "open the service database %1")
                                    .arg(m_url.redacted()));
        if (m_url.isPostgres()) {
            noteAvailable(false, db.lastError().text());
            backoff.wait = std::min(milliseconds(2000), std::max(milliseconds(100), backoff.wait * 2));
            backoff.nextAttempt = now + backoff.wait;
        }
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return error;
    }
    backoff = {};
    if (m_url.isPostgres()) {
        const QVariant handle = db.driver()->handle();
        if (handle.isValid() && handle.constData())
            PQsetNoticeProcessor(*static_cast<PGconn* const*>(handle.constData()), ignoreNotice, nullptr);
    }
    noteAvailable(true);
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
            const QSqlError failed = cached->lastError();
            cached.reset();
            if (!lostConnection(db.value()))
                return SqlErrorMapper::map(failed, action);
            markLost();
            // Only prepared, never run: a write too is safe to send again, once, on a new connection.
            if (wasLostOutsideATransaction() && !t_sendingAgain) {
                db = Expected<QSqlDatabase>(QSqlDatabase()); // let go of the dead connection first
                t_sendingAgain = true;
                auto again = run(sql, binds, action);
                t_sendingAgain = false;
                return again;
            }
            return unavailable(failed.text());
        }
    }
    QSqlQuery* q = cached.get();
    bindAll(*q, binds);
    if (!q->exec()) {
        const QSqlError failed = q->lastError();
        q->finish();
        if (lostConnection(db.value())) {
            markLost();
            return unavailable(failed.text());
        }
        return SqlErrorMapper::map(failed, action);
    }
    return q;
}

Expected<QList<ServiceDatabase::Row>> ServiceDatabase::select(const QString& sql, const QVariantList& binds)
{
    const QString action = QCoreApplication::translate("ServiceDatabase", "read the service database");
    auto ran = run(sql, binds, action);
    if (!ran && wasLostOutsideATransaction())
        ran = run(sql, binds, action); // a read is safe to ask again, on a new connection
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

bool ServiceDatabase::wasLostOutsideATransaction() const
{
    const auto found = t_connections.byInstance.find(m_instance);
    return found != t_connections.byInstance.end() && found->second.lost && !found->second.inTransaction;
}

Expected<void> ServiceDatabase::transaction(const std::function<Expected<void>()>& work)
{
    // A transaction whose BEGIN met a dead connection sent nothing: it starts again once, on a new one.
    // One that lost its connection later may have committed, and is never run twice.
    for (int attempt = 0;; ++attempt) {
        auto db = connection();
        if (!db)
            return db.error();
        SqlTransaction tx(db.value());
        if (auto begun = tx.begin(QCoreApplication::translate("ServiceDatabase", "start a transaction"));
            !begun) {
            if (!lostConnection(db.value()))
                return begun;
            markLost();
            if (attempt == 0)
                continue;
            return unavailable(begun.error().detail());
        }
        t_connections.byInstance[m_instance].inTransaction = true;
        Expected<void> done = work();
        if (done)
            done = tx.commit(QCoreApplication::translate("ServiceDatabase", "commit a transaction"));
        t_connections.byInstance[m_instance].inTransaction = false;
        if (!done && lostConnection(db.value())) {
            markLost();
            return unavailable(done.error().detail());
        }
        return done;
    }
}

Expected<void> ServiceDatabase::ping()
{
    auto answered = select(QStringLiteral("SELECT 1"));
    if (!answered)
        return answered.error();
    return {};
}

Error ServiceDatabase::noDatabase() const
{
    return Error(Error::Kind::NotFound,
                 QCoreApplication::translate("ServiceDatabase",
                                             "There is no KeyDesk database at %1 yet; keydesk-server init "
                                             "--database %1 creates one.")
                     .arg(m_url.redacted()));
}

Expected<void> ServiceDatabase::migrate()
{
    if (!m_url.isPostgres() && m_create) {
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
    if (!hasRow && !m_create)
        return noDatabase(); // rolled back: not even the schema table is left behind
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

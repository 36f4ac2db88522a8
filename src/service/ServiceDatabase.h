#pragma once

#include "DatabaseUrl.h"
#include "core/Expected.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <atomic>
#include <functional>

// The service's database, used from many worker threads at once. QtSql connections belong to the thread
// that opened them, so each thread gets its own named connection on first use, with its prepared
// statements cached for the thread's lifetime. A PostgreSQL connection that dies (a restart, a failover, a
// proxy cutting it) is opened again at the thread's next call, at most every 100 ms to 2 s while it fails;
// meanwhile calls fail at once with Kind::Network (503 storage_unavailable). Reads and transactions whose
// BEGIN met the dead connection are retried once; nothing that may have committed is ever sent twice.
class ServiceDatabase
{
public:
    using Row = QVariantList;

    // Without `create`, a database that does not exist yet -- no SQLite file, no KeyDesk tables -- is an
    // error at the first use instead of being made (only keydesk-server init and the embedded service make
    // one).
    explicit ServiceDatabase(DatabaseUrl url, bool create = true);
    ~ServiceDatabase();
    ServiceDatabase(const ServiceDatabase&) = delete;
    ServiceDatabase& operator=(const ServiceDatabase&) = delete;

    const DatabaseUrl& url() const { return m_url; }

    // Creates or upgrades the schema (safe to run from several instances at once on PostgreSQL).
    Expected<void> migrate();

    Expected<QList<Row>> select(const QString& sql, const QVariantList& binds = {});
    // Returns the number of rows changed.
    Expected<int> execute(const QString& sql, const QVariantList& binds = {});
    // Runs `work` inside one transaction on this thread's connection; rolls back when it fails.
    Expected<void> transaction(const std::function<Expected<void>()>& work);
    // Whether the database answers now (readiness).
    Expected<void> ping();

private:
    Expected<QSqlDatabase> connection();
    bool lostConnection(const QSqlDatabase& db) const;
    void markLost();
    bool wasLostOutsideATransaction() const;
    Error unavailable(const QString& detail) const;
    // Says once in the log that the database went away, and once that it is back.
    void noteAvailable(bool available, const QString& detail = {});
    // Prepares (once per thread) and executes `sql`; the query is this thread's cached one.
    Expected<QSqlQuery*> run(const QString& sql, const QVariantList& binds, const QString& action);
    Expected<void> migrateLocked(QSqlDatabase db);
    Error noDatabase() const;

    DatabaseUrl m_url;
    quint64 m_instance;
    bool m_create;
    std::atomic<bool> m_available{true};
};

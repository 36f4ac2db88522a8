#pragma once

#include "Actor.h"
#include "ServiceDatabase.h"
#include "core/AuditEvent.h"
#include "core/Clock.h"
#include "core/Credential.h"

#include <QHash>
#include <QList>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

// The audit trail: every change, who made it, when and from where, on the service's database so every
// instance sees the same trail. Thread-safe.
//
// Changes are recorded inside the transaction that makes them (record()), so a change and its event commit
// or roll back together. Key use and failed authentications are far too frequent for a row each: they are
// counted per key, source address and hour; the first of an hour is written at once, later ones are added
// to it every few seconds by a flusher thread (and on flush(), which list() and stopping call). The lock
// guards only the counts: the database is written outside it.
class AuditLog
{
public:
    static constexpr int DefaultRetentionDays = 400;
    static constexpr int MaxPageSize = 1000;

    AuditLog(ServiceDatabase& db, const Clock& clock, int retentionDays = DefaultRetentionDays);
    ~AuditLog();

    // Call inside the transaction of the change it describes.
    Expected<void> record(const Actor& actor, const QString& action, const QString& projectId = {},
                          const QString& keyId = {}, const QJsonObject& detail = {});

    void countKeyUse(const Credential& key, const QString& source);
    void countFailedAuthentication(const Credential& key, const QString& source);
    // Writes every count not yet written.
    void flush();

    struct Query
    {
        QString projectId; // empty: every project (and events of no project)
        QString keyId;
        QDateTime since;
        qint64 before = 0; // seq cursor: only older events
        int limit = 100;
    };
    Expected<QList<AuditEvent>> list(const Query& query);
    // Drops events older than the retention period; returns how many went.
    Expected<int> prune();

private:
    struct Pending
    {
        AuditEvent event;
        qint64 unwritten = 0;
        qint64 writtenAtMs = 0;
    };
    struct Write
    {
        QString bucket;
        AuditEvent event;
        qint64 count = 0;
    };
    void count(const QString& action, const Credential& key, const QString& source);
    static void take(const QString& bucket, Pending& pending, qint64 nowMs, QList<Write>& due);
    QList<Write> takeDueLocked(bool all, qint64 nowMs);
    void writeAll(const QList<Write>& due);
    Expected<void> write(const QString& bucket, const AuditEvent& event, qint64 count);
    void flushDue(bool all);
    void flushEvery(std::chrono::milliseconds interval);
    void pruneNowAndThen(qint64 nowMs);

    ServiceDatabase& m_db;
    const Clock& m_clock;
    int m_retentionDays;
    std::mutex m_mutex;
    QHash<QString, Pending> m_pending; // by bucket
    std::atomic<qint64> m_lastPruneMs{0};
    std::mutex m_flusherMutex;
    std::condition_variable m_stopFlusher;
    bool m_stopping = false;
    std::thread m_flusher;
};

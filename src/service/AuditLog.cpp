#include "AuditLog.h"

#include "sql/SqlTime.h"

#include <QJsonDocument>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

constexpr qint64 kCountWriteIntervalMs = 5000;
constexpr qint64 kPruneIntervalMs = 3600 * 1000;
constexpr int kMaxPendingBuckets = 10000; // bounds memory under a flood from many addresses

QString detailText(const QJsonObject& detail)
{
    return QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact));
}

AuditEvent eventFromRow(const ServiceDatabase::Row& r)
{
    AuditEvent e;
    e.seq = r.at(0).toLongLong();
    e.at = fromSql(r.at(1));
    e.actor = r.at(2).toString();
    e.role = r.at(3).toString();
    e.action = r.at(4).toString();
    e.projectId = r.at(5).toString();
    e.keyId = r.at(6).toString();
    e.source = r.at(7).toString();
    e.detail = QJsonDocument::fromJson(r.at(8).toString().toUtf8()).object();
    e.count = r.at(9).toLongLong();
    return e;
}

} // namespace

AuditLog::AuditLog(ServiceDatabase& db, const Clock& clock, int retentionDays)
    : m_db(db), m_clock(clock), m_retentionDays(retentionDays)
{
    // Counts are written within a few seconds even when their key is not used again.
    m_flusher = std::thread([this] { flushEvery(std::chrono::milliseconds(kCountWriteIntervalMs)); });
}

AuditLog::~AuditLog()
{
    {
        std::lock_guard lock(m_flusherMutex);
        m_stopping = true;
    }
    m_stopFlusher.notify_all();
    m_flusher.join();
    flush();
}

Expected<void> AuditLog::record(const Actor& actor, const QString& action, const QString& projectId,
                                const QString& keyId, const QJsonObject& detail)
{
    auto inserted = m_db.execute(
        QStringLiteral("INSERT INTO events (at, actor, role, action, project_id, key_id, source, detail) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {toSql(m_clock.now()), actor.name, roleToString(actor.role), action,
         projectId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(projectId),
         keyId.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(keyId), actor.source,
         detailText(detail)});
    if (!inserted)
        return inserted.error();
    return {};
}

void AuditLog::countKeyUse(const Credential& key, const QString& source)
{
    count(QStringLiteral("key.used"), key, source);
}

void AuditLog::countFailedAuthentication(const Credential& key, const QString& source)
{
    count(QStringLiteral("key.auth_failed"), key, source);
}

void AuditLog::count(const QString& action, const Credential& key, const QString& source)
{
    const QDateTime now = m_clock.now();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const qint64 hour = nowMs / (3600 * 1000);
    const QString bucket = QStringLiteral("%1|%2|%3|%4").arg(action, key.keyId, source).arg(hour);
    QList<Write> due;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_pending.find(bucket);
        if (it == m_pending.end()) {
            if (m_pending.size() >= kMaxPendingBuckets) { // a flood of addresses: write out and start over
                due = takeDueLocked(true, nowMs);
                m_pending.clear();
            }
            Pending fresh;
            // The key acts as its own generated user (apiuser-…@keydesk.local), as the vendors' per-key users
            // do.
            fresh.event.at = now;
            fresh.event.actor = key.username;
            fresh.event.role = QStringLiteral("key");
            fresh.event.action = action;
            fresh.event.projectId = key.project;
            fresh.event.keyId = key.keyId;
            fresh.event.source = source.isEmpty() ? QStringLiteral("in-process") : source;
            it = m_pending.insert(bucket, fresh);
        }
        ++it->unwritten;
        if (nowMs - it->writtenAtMs >= kCountWriteIntervalMs)
            take(it.key(), *it, nowMs, due);
    }
    // The database is written outside the lock: a slow or full disk slows this request, not every other.
    writeAll(due);
}

void AuditLog::take(const QString& bucket, Pending& pending, qint64 nowMs, QList<Write>& due)
{
    if (pending.unwritten > 0)
        due.append({bucket, pending.event, pending.unwritten});
    pending.unwritten = 0;
    pending.writtenAtMs = nowMs; // also after a failure: a failing database is retried every few seconds
}

QList<AuditLog::Write> AuditLog::takeDueLocked(bool all, qint64 nowMs)
{
    QList<Write> due;
    const qint64 hour = nowMs / (3600 * 1000);
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (all || nowMs - it->writtenAtMs >= kCountWriteIntervalMs)
            take(it.key(), *it, nowMs, due);
        // A past hour's bucket gets no more counts.
        if (it->unwritten == 0 && it->event.at.toMSecsSinceEpoch() / (3600 * 1000) < hour)
            it = m_pending.erase(it);
        else
            ++it;
    }
    return due;
}

void AuditLog::writeAll(const QList<Write>& due)
{
    // A connection that died meanwhile is found by a read, which is sent again on a new one, rather than by
    // a count that may or may not have been added (it would be counted twice if added again).
    const bool databaseAnswers = due.isEmpty() || m_db.ping().ok();
    for (const Write& w : due) {
        if (databaseAnswers && write(w.bucket, w.event, w.count))
            continue;
        // Not lost: counted again with the next write of its bucket.
        std::lock_guard lock(m_mutex);
        auto it = m_pending.find(w.bucket);
        if (it == m_pending.end() && m_pending.size() < kMaxPendingBuckets)
            it = m_pending.insert(w.bucket, Pending{w.event, 0, m_clock.now().toMSecsSinceEpoch()});
        if (it != m_pending.end())
            it->unwritten += w.count;
    }
}

void AuditLog::flushEvery(std::chrono::milliseconds interval)
{
    std::unique_lock lock(m_flusherMutex);
    while (!m_stopFlusher.wait_for(lock, interval, [this] { return m_stopping; })) {
        lock.unlock();
        flushDue(false);
        lock.lock();
    }
}

void AuditLog::flushDue(bool all)
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    QList<Write> due;
    {
        std::lock_guard lock(m_mutex);
        due = takeDueLocked(all, nowMs);
    }
    writeAll(due);
    pruneNowAndThen(nowMs);
}

Expected<void> AuditLog::write(const QString& bucket, const AuditEvent& event, qint64 count)
{
    // Several instances may count the same bucket: the database adds their counts up.
    auto written = m_db.execute(
        QStringLiteral("INSERT INTO events (at, actor, role, action, project_id, key_id, source, detail, "
                       "count, bucket) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?) "
                       "ON CONFLICT (bucket) DO UPDATE SET count = events.count + excluded.count"),
        {toSql(event.at), event.actor, event.role, event.action, event.projectId, event.keyId, event.source,
         count, bucket});
    if (!written)
        qWarning("keydesk-service: could not record %s: %s", qPrintable(event.action),
                 qPrintable(written.error().toString()));
    return written ? Expected<void>() : Expected<void>(written.error());
}

void AuditLog::flush()
{
    flushDue(true);
}

void AuditLog::pruneNowAndThen(qint64 nowMs)
{
    if (nowMs - m_lastPruneMs.load() < kPruneIntervalMs)
        return;
    m_lastPruneMs.store(nowMs);
    (void)prune(); // a failed prune keeps the events a while longer and is tried again next interval
}

Expected<int> AuditLog::prune()
{
    return m_db.execute(QStringLiteral("DELETE FROM events WHERE at < ?"),
                        {toSql(m_clock.now().addDays(-m_retentionDays))});
}

Expected<QList<AuditEvent>> AuditLog::list(const Query& query)
{
    flush(); // what this instance counted so far is part of the answer
    QString sql = QStringLiteral("SELECT seq, at, actor, role, action, project_id, key_id, source, detail, "
                                 "count FROM events WHERE 1 = 1");
    QVariantList binds;
    if (!query.projectId.isEmpty()) {
        sql += QStringLiteral(" AND project_id = ?");
        binds << query.projectId;
    }
    if (!query.keyId.isEmpty()) {
        sql += QStringLiteral(" AND key_id = ?");
        binds << query.keyId;
    }
    if (query.since.isValid()) {
        sql += QStringLiteral(" AND at >= ?");
        binds << toSql(query.since);
    }
    if (query.before > 0) {
        sql += QStringLiteral(" AND seq < ?");
        binds << query.before;
    }
    sql += QStringLiteral(" ORDER BY seq DESC LIMIT ?");
    binds << qBound(1, query.limit, MaxPageSize);
    auto rows = m_db.select(sql, binds);
    if (!rows)
        return rows.error();
    QList<AuditEvent> events;
    for (const auto& row : rows.value())
        events << eventFromRow(row);
    return events;
}

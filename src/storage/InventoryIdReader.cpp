#include "InventoryIdReader.h"

#include "FoldedContains.h"
#include "InventoryIdStream.h"
#include "InventoryQuerySql.h"
#include "sql/SqlErrorMapper.h"
#include "SqliteHandle.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QSqlDatabase>
#include <sqlite3.h>

namespace {
std::atomic<int> walkPatienceMs{10};
} // namespace

void InventoryIdReader::setWalkPatienceMs(int ms)
{
    walkPatienceMs.store(ms);
}

InventoryIdReader::InventoryIdReader(const QString& path) : m_path(path)
{
    static QAtomicInteger<int> counter;
    m_connectionName = QStringLiteral("keydesk-inventory-reader-%1").arg(counter.fetchAndAddRelaxed(1));
}

// Runs on the reader's thread (deleteLater after the thread finished), where the connection lives.
InventoryIdReader::~InventoryIdReader()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

void InventoryIdReader::supersede(quint64 generation)
{
    m_latest.store(generation);
}

int InventoryIdReader::progress(void* reader)
{
    auto* self = static_cast<InventoryIdReader*>(reader);
    if (self->m_patience.hasExpired())
        self->m_patienceRanOut = true;
    // Non-zero interrupts the statement.
    return self->isStale(self->m_running.load()) || self->m_patienceRanOut ? 1 : 0;
}

std::optional<Error> InventoryIdReader::openConnection()
{
    if (QSqlDatabase::contains(m_connectionName))
        return std::nullopt;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        return SqlErrorMapper::map(db.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the inventory"));
    }
    if (auto installed = FoldedContains::install(db); !installed)
        return installed.error();
    sqlite3_progress_handler(sqliteHandle(db), 4000, &InventoryIdReader::progress, this);
    return std::nullopt;
}

void InventoryIdReader::read(quint64 generation, const InventoryQuery& query, const QDateTime& now)
{
    if (isStale(generation))
        return;
    m_running.store(generation);
    if (auto failed = openConnection()) {
        post(generation, {{}, true, failed});
        return;
    }
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    // Typing on after a search whose walk ran out of patience: the longer text matches a subset of the
    // same rows, which sort just as late, so skip straight to the trigram index.
    const bool sameWalkAsBefore = !m_impatientSearch.isEmpty() &&
                                  query.search.startsWith(m_impatientSearch) &&
                                  query.sortColumn == m_impatientSort && query.sortOrder == m_impatientOrder;
    auto plan = InventoryQuerySql::plan(db, query, now,
                                        sameWalkAsBefore ? InventoryQuerySql::Search::NarrowAlways
                                                         : InventoryQuerySql::Search::Auto);
    if (!plan) {
        if (!isStale(generation))
            post(generation, {{}, true, plan.error()});
        return;
    }
    auto stream = std::make_unique<InventoryIdStream>(db, plan.value().ids());
    // Walking the sort order meets dense matches at once, unless they all sort late ("Zeta sync …" among
    // a million others). So a walk the trigram index could replace is on trial for its first screenful:
    // if that is not there soon, ask the index for every candidate and sort those instead — slower than a
    // good walk, far faster than a bad one. Patience runs out between rows (readMore's deadline) or inside
    // SQLite while it walks past rows that do not match (the progress handler).
    bool onTrial = plan.value().canNarrow() && !plan.value().narrowedBySearchIndex();
    bool first = true;
    while (!isStale(generation)) {
        QVector<qint64> ids;
        m_patience =
            onTrial ? QDeadlineTimer(walkPatienceMs.load()) : QDeadlineTimer(QDeadlineTimer::Forever);
        const auto read = first ? stream->readMore(ids, FirstBatchRows, m_patience)
                                : stream->readMore(ids, 1 << 22, QDeadlineTimer(BatchMs));
        m_patience = QDeadlineTimer(QDeadlineTimer::Forever);
        const bool ranOut = std::exchange(m_patienceRanOut, false);
        if (isStale(generation))
            return; // interrupted or not: nobody wants it any more
        if (onTrial) {
            onTrial = false;
            if (ranOut || (ids.size() < FirstBatchRows && !stream->atEnd())) {
                m_impatientSearch = query.search;
                m_impatientSort = query.sortColumn;
                m_impatientOrder = query.sortOrder;
                stream.reset();
                auto narrowed =
                    InventoryQuerySql::plan(db, query, now, InventoryQuerySql::Search::NarrowAlways);
                if (!narrowed) {
                    if (!isStale(generation))
                        post(generation, {{}, true, narrowed.error()});
                    return;
                }
                stream = std::make_unique<InventoryIdStream>(db, narrowed.value().ids());
                continue; // the first screenful again, from the index
            }
            m_impatientSearch.clear();
        }
        if (!read) {
            post(generation, {std::move(ids), true, read.error()});
            return;
        }
        const bool complete = stream->atEnd();
        if (!ids.isEmpty() || complete)
            post(generation, {std::move(ids), complete, std::nullopt});
        first = false;
        if (complete)
            return;
    }
}

void InventoryIdReader::post(quint64 generation, Batch batch)
{
    {
        QMutexLocker lock(&m_mutex);
        if (generation != m_mailboxGeneration) {
            m_mailbox.clear();
            m_mailboxGeneration = generation;
        }
        m_mailbox.append(std::move(batch));
    }
    m_posted.wakeAll();
    emit batchReady();
}

bool InventoryIdReader::waitForBatch(quint64 generation, int ms)
{
    QMutexLocker lock(&m_mutex);
    QDeadlineTimer deadline(ms);
    while (m_mailboxGeneration != generation || m_mailbox.isEmpty()) {
        if (!m_posted.wait(&m_mutex, deadline))
            return m_mailboxGeneration == generation && !m_mailbox.isEmpty();
    }
    return true;
}

QList<InventoryIdReader::Batch> InventoryIdReader::takeBatches(quint64 generation)
{
    QMutexLocker lock(&m_mutex);
    if (m_mailboxGeneration != generation)
        return {};
    return std::exchange(m_mailbox, {});
}

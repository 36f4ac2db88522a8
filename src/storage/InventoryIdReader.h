#pragma once

#include "InventoryQuery.h"
#include "core/Error.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QVector>
#include <QWaitCondition>
#include <atomic>
#include <optional>

// Reads the row ids of inventory queries on a thread of its own, over its own read-only connection, so
// no search — however many rows it has to look at — ever holds up the window. Each request carries a
// generation number; a newer request makes older ones stale, and a stale query stops within a few
// thousand SQLite steps (a progress handler), so fast typing never queues work up.
//
// Results are handed over in batches through a mailbox: the first batch as soon as a screenful of ids is
// known, the rest as they come. batchReady() says there is something to take.
class InventoryIdReader : public QObject
{
    Q_OBJECT

public:
    struct Batch
    {
        QVector<qint64> ids;
        bool complete = false;
        std::optional<Error> error;
    };
    static constexpr int FirstBatchRows = 64; // more than a tall window shows
    static constexpr int BatchMs = 30;
    // How long walking the sort order may look for the first screenful before the trigram index is
    // asked (10 ms; tests set 0 to take the other road every time).
    static void setWalkPatienceMs(int ms);

    // `path` is the inventory file (already opened and upgraded by an InventoryStore).
    explicit InventoryIdReader(const QString& path);
    ~InventoryIdReader() override;

    // Any thread: from now on only `generation` matters; older reads stop and their batches are dropped.
    void supersede(quint64 generation);
    // Any thread: waits up to `ms` until a batch of `generation` is waiting; true if one is.
    bool waitForBatch(quint64 generation, int ms);
    // Any thread: the batches of `generation` read so far, oldest first.
    QList<Batch> takeBatches(quint64 generation);

    // The reader's thread (call through a queued connection): reads `query` in display order.
    void read(quint64 generation, const InventoryQuery& query, const QDateTime& now);

signals:
    void batchReady();

private:
    bool isStale(quint64 generation) const { return generation != m_latest.load(); }
    std::optional<Error> openConnection();
    void post(quint64 generation, Batch batch);
    static int progress(void* reader);

    QString m_path;
    QString m_connectionName;
    std::atomic<quint64> m_latest{0};
    std::atomic<quint64> m_running{0};
    // Only touched on the reader's thread (the progress handler runs there too).
    QDeadlineTimer m_patience{QDeadlineTimer::Forever};
    bool m_patienceRanOut = false;
    // The last search whose walk ran out of patience, and its order.
    QString m_impatientSearch;
    InventoryQuery::Column m_impatientSort = InventoryQuery::Column::Name;
    Qt::SortOrder m_impatientOrder = Qt::AscendingOrder;
    QMutex m_mutex;
    QWaitCondition m_posted;
    quint64 m_mailboxGeneration = 0;
    QList<Batch> m_mailbox;
};

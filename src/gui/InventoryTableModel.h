#pragma once

#include "core/Clock.h"
#include "storage/InventoryStore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QThread>
#include <QVector>
#include <memory>
#include <optional>

class InventoryIdReader;
class SecretPresenceMarks;

// The inventory as a lazy table. Filtering and sorting are done by SQL; the model holds only the matching
// row ids in display order (8 bytes a row) and reads rows a page at a time as the view asks for them,
// keeping a few pages. The ids come from an InventoryIdReader on its own thread: a keystroke waits at
// most one frame for the first screenful, and a search that takes longer fills in when it is ready,
// without ever holding up typing or painting.
class InventoryTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        ConnectionName,
        ProjectName,
        KeyId,
        Last4,
        Status,
        Created,
        CreatedBy,
        Expires,
        LastUsed,
        LastTested,
        ColumnCount
    };

    InventoryTableModel(InventoryStore& store, const Clock& clock = Clock::system(),
                        QObject* parent = nullptr);
    ~InventoryTableModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static constexpr int PageSize = 128;
    static constexpr int CachedPages = 64;
    // How long a change of search, filter or sort waits for the first screenful before showing the
    // table empty ("Searching…") and filling it in later. 12 ms, under a frame; tests that check rows right
    // away set it higher, as slow CI machines may need more than a frame.
    static void setFirstBatchWaitMs(int ms);

    void setSearch(const QString& text);
    // Keeps the search text and sort; replaces the filters (status, expiry, use, tests).
    void setFilter(const InventoryQuery& filter);
    // Re-reads the inventory (after a sync or a change). An error found within the first wait is
    // returned; a later one is reported by readFailed().
    Expected<void> reload();
    // Whether every matching row has been counted (until then rowCount() grows).
    bool isComplete() const { return m_complete; }
    std::optional<Credential> credentialAt(int row) const;
    int cachedPageCount() const { return int(m_pages.size()); }
    const InventoryQuery& query() const { return m_query; }
    // The Status column then says which keys have no secret on this computer.
    void setSecretMarks(const SecretPresenceMarks* marks);
    const QHash<qint64, QString>& connectionNames() const { return m_connectionNames; }
    int rowOf(qint64 credentialId) const;
    // The inventory's id for a key of a connection, shown or not; 0 when there is none.
    qint64 idOfKey(qint64 connectionId, const QString& keyId) const;

    // The reminder's days before expiry (Preferences): the Status column says "Expires in …" exactly for
    // the keys the expiry reminder names.
    void setReminderDays(int days);
    int reminderDays() const { return m_reminderDays; }

    static QString statusText(const Credential& c, const QDateTime& now, int reminderDays);

signals:
    // The number of matching rows so far, and whether that is all of them.
    void rowsCounted(int rows, bool complete);
    // Reading the matches failed (at once or in a later batch); the rows read so far stay.
    void readFailed(const Error& error);

private:
    // Asks the reader for the current query and waits up to the first-batch wait for its first rows; a
    // failure is also emitted as readFailed.
    Expected<void> restart();
    void readConnectionNames();
    void resetRows(QVector<qint64> ids);
    // Takes what the reader has for the current generation; returns the first error in it, if any.
    std::optional<Error> takeBatches();
    const Credential* cachedRow(int row) const;

    InventoryStore& m_store;
    const Clock& m_clock;
    int m_reminderDays = 14;
    InventoryQuery m_query;
    QThread m_readerThread;
    InventoryIdReader* m_reader; // lives on m_readerThread
    quint64 m_generation = 0;
    bool m_awaitingFirstBatch = false;
    bool m_complete = true;
    QVector<qint64> m_ids;
    QHash<qint64, QString> m_connectionNames;
    const SecretPresenceMarks* m_marks = nullptr;
    // Rows read from the store, by page number; the least recently read page goes first when full.
    mutable QHash<int, QList<Credential>> m_pages;
    mutable QList<int> m_pageOrder;
};

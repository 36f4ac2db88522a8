#pragma once

#include "core/Clock.h"
#include "storage/InventoryIdStream.h"
#include "storage/InventoryStore.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>
#include <QVector>
#include <memory>
#include <optional>

// The inventory as a lazy table. Filtering and sorting are done by SQL in InventoryStore; the model holds
// only the matching row ids in display order (8 bytes a row) and reads rows a page at a time as the view
// asks for them, keeping a few pages. The ids themselves arrive in slices: the first screenful at once,
// the rest between events, so a keystroke in the search box never waits for a million rows.
class InventoryTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        Name,
        ConnectionName,
        KeyId,
        Last4,
        Status,
        Created,
        Expires,
        LastUsed,
        ColumnCount
    };
    static constexpr int ExpiringSoonDays = 14;

    InventoryTableModel(InventoryStore& store, const Clock& clock = Clock::system(),
                        QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static constexpr int PageSize = 128;
    static constexpr int CachedPages = 64;
    static constexpr int FirstSliceRows = 512;
    static constexpr int FirstSliceMs = 12;
    static constexpr int SliceMs = 8;

    void setSearch(const QString& text);
    // Keeps the search text and sort; replaces the filters (status, expiry, use, tests).
    void setFilter(const InventoryQuery& filter);
    // Re-reads the inventory (after a sync or a change); an error leaves the old rows in place.
    Expected<void> reload();
    // Whether every matching row has been counted (until then rowCount() grows).
    bool isComplete() const { return !m_stream; }
    std::optional<Credential> credentialAt(int row) const;
    int cachedPageCount() const { return int(m_pages.size()); }
    const InventoryQuery& query() const { return m_query; }
    QString connectionName(qint64 connectionId) const { return m_connectionNames.value(connectionId); }
    const QHash<qint64, QString>& connectionNames() const { return m_connectionNames; }
    int rowOf(qint64 credentialId) const;

    static QString statusText(const Credential& c, const QDateTime& now);

signals:
    // The number of matching rows so far, and whether that is all of them.
    void rowsCounted(int rows, bool complete);
    // Reading the rest of the matches failed; the rows read so far stay.
    void readFailed(const Error& error);

private:
    void readMoreIds();
    const Credential* cachedRow(int row) const;

    InventoryStore& m_store;
    const Clock& m_clock;
    InventoryQuery m_query;
    QVector<qint64> m_ids;
    std::unique_ptr<InventoryIdStream> m_stream;
    QTimer m_streamTimer;
    QHash<qint64, QString> m_connectionNames;
    // Rows read from the store, by page number; the least recently read page goes first when full.
    mutable QHash<int, QList<Credential>> m_pages;
    mutable QList<int> m_pageOrder;
};

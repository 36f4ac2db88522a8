#pragma once

#include "core/Clock.h"
#include "storage/InventoryStore.h"

#include <QAbstractTableModel>
#include <QHash>

// The inventory as a table: filtering and sorting are done by SQL in InventoryStore, so the view never
// needs every row in memory to sort or search.
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

    void setSearch(const QString& text);
    // Keeps the search text and sort; replaces the filters (status, expiry, use, tests).
    void setFilter(const InventoryQuery& filter);
    // Re-reads the inventory (after a sync or a change); an error leaves the old rows in place.
    Expected<void> reload();
    const Credential* credentialAt(int row) const;
    const InventoryQuery& query() const { return m_query; }
    QString connectionName(qint64 connectionId) const { return m_connectionNames.value(connectionId); }
    const QHash<qint64, QString>& connectionNames() const { return m_connectionNames; }
    int rowOf(qint64 credentialId) const;

    static QString statusText(const Credential& c, const QDateTime& now);

private:
    InventoryStore& m_store;
    const Clock& m_clock;
    InventoryQuery m_query;
    QList<Credential> m_rows;
    QHash<qint64, QString> m_connectionNames;
};

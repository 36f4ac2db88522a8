#include "SelectionKeeper.h"

#include "InventoryTableModel.h"

#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>

SelectionKeeper::SelectionKeeper(QTableView* view, InventoryTableModel* model)
    : QObject(view), m_view(view), m_model(model)
{
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_resetting = true; });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_resetting = false;
        restore();
    });
    connect(model, &InventoryTableModel::rowsCounted, this, &SelectionKeeper::restore);
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SelectionKeeper::remember);
}

void SelectionKeeper::select(qint64 credentialId)
{
    m_wanted = credentialId;
    restore();
}

void SelectionKeeper::removing(qint64 credentialId)
{
    if (m_wanted == credentialId)
        m_wanted = 0;
    const int row = m_model->rowOf(credentialId);
    if (row < 0)
        return;
    std::optional<Credential> next = m_model->credentialAt(row + 1);
    if (!next && row > 0)
        next = m_model->credentialAt(row - 1);
    if (next)
        select(next->id);
}

void SelectionKeeper::remember()
{
    if (m_resetting)
        return; // the reset clears the selection; the key is still wanted
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        // Cleared while the wanted key is not shown (a filter hid it): that is no choice of the user's.
        if (m_model->rowOf(m_wanted) >= 0)
            m_wanted = 0;
        return;
    }
    if (const auto c = m_model->credentialAt(rows.first().row()))
        m_wanted = c->id;
}

void SelectionKeeper::restore()
{
    if (m_wanted == 0 || m_resetting)
        return;
    const int row = m_model->rowOf(m_wanted);
    if (row < 0)
        return;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.size() == 1 && rows.first().row() == row)
        return;
    // Into view vertically; across, the user's scroll position stays (scrollTo would go back to column 0).
    const int across = m_view->horizontalScrollBar()->value();
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
    m_view->horizontalScrollBar()->setValue(across);
}

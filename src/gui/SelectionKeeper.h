#pragma once

#include <QObject>

class InventoryTableModel;
class QTableView;

// Keeps the selected key selected, by its id, when the inventory is re-read (a refresh, a sync, an action's
// result), re-sorted or re-filtered: the model is reset then and its rows come back in batches. A key that
// the new view does not contain stays wanted until it shows up again or the user selects something else; a
// selection the user clears stays cleared.
class SelectionKeeper : public QObject
{
    Q_OBJECT

public:
    SelectionKeeper(QTableView* view, InventoryTableModel* model);

    // Selects this key as soon as it is among the rows (now, or when its batch arrives).
    void select(qint64 credentialId);
    qint64 wanted() const { return m_wanted; }
    // The key is being deleted: the next one is selected instead (the one before, at the end), as file
    // managers do. Its id may come back for another key, which must not be selected for it.
    void removing(qint64 credentialId);

private:
    void remember();
    void restore();

    QTableView* m_view;
    InventoryTableModel* m_model;
    qint64 m_wanted = 0;
    bool m_resetting = false;
};

#pragma once

#include <QtGlobal>

class InventoryStore;
class QListWidget;

// The connections pane on the left: "All connections", then each connection with its kind or, for the
// service in use, whether it was reached, and when it was last synced. The connection picked as a filter
// stays picked across refreshes.
class ConnectionsPane
{
public:
    ConnectionsPane(QListWidget* list, InventoryStore& store);
    // Rebuilds the list; false when the picked connection is gone (the caller shows all again).
    bool update(qint64 serviceInUse, bool reachable);

private:
    QListWidget* m_list;
    InventoryStore& m_store;
};

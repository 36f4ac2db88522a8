#pragma once

#include "core/Connection.h"

#include <QObject>

class InventoryStore;
class QListWidget;
class RemoveConnection;
class SecretStore;

// The connections pane on the left: "All connections", then each connection with its kind or, for the
// service in use, whether it was reached, and when it was last synced. The connection picked as a filter
// stays picked across refreshes. Its context menu removes a connection from this computer (RemoveConnection).
class ConnectionsPane : public QObject
{
    Q_OBJECT

public:
    ConnectionsPane(QListWidget* list, InventoryStore& store, SecretStore* secrets);
    // Rebuilds the list; false when the picked connection is gone (the caller shows all again).
    bool update(qint64 serviceInUse, bool reachable);
    // Asks first (naming how many credentials go with it), then removes.
    void remove(const Connection& connection);

signals:
    void removed(const QString& message, bool problem);

private:
    void showMenu(const QPoint& at);

    QListWidget* m_list;
    InventoryStore& m_store;
    RemoveConnection* m_remove;
};

#pragma once

#include "core/Connection.h"

#include <QHash>
#include <QObject>

class InventoryStore;
class QListWidget;
class RemoveConnection;
class RenameConnection;
class SecretStore;

// The connections pane on the left: "All connections", then each connection with its kind or, for a
// connected KeyDesk service, whether it was reached and the role signed in there, and when it was last
// synced. The connection picked as a filter stays picked across refreshes. Its context menu renames a
// connection (RenameConnection) or removes it from this computer (RemoveConnection).
class ConnectionsPane : public QObject
{
    Q_OBJECT

public:
    ConnectionsPane(QListWidget* list, InventoryStore& store, SecretStore* secrets);
    // Rebuilds the list, saying for each connected service whether the last refresh reached it; false when
    // the picked connection is gone (the caller shows all again).
    bool update(const QHash<qint64, bool>& services);
    // The connection picked in the list; 0 for all.
    qint64 pickedConnection() const;
    // Asks first (naming how many credentials go with it), then removes.
    void remove(const Connection& connection);
    // Asks for the new name, the current one filled in.
    void rename(const Connection& connection);

signals:
    void removed(const QString& message, bool problem);
    void renamed(const QString& message, bool problem);

private:
    void showMenu(const QPoint& at);

    QListWidget* m_list;
    InventoryStore& m_store;
    RemoveConnection* m_remove;
    RenameConnection* m_rename;
};

#pragma once

#include "core/Connection.h"

#include <QObject>
#include <QStringList>
#include <functional>

class InventoryStore;
class SecretStore;

// Removes a connection from this computer: the secrets of its credentials and its service token from the
// keychain, then its row and its credentials from the inventory. Nothing changes at the service or the
// vendor. If the keychain refuses any entry, the connection stays (so its secrets stay findable) and the
// error names what is left; the local service cannot be removed.
class RemoveConnection : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<QString>)>; // what was removed, in words

    RemoveConnection(InventoryStore& store, SecretStore* secrets, QObject* parent = nullptr);
    void run(const Connection& connection, Done done);

private:
    void deleteNext();

    InventoryStore& m_store;
    SecretStore* m_secrets;
    Connection m_connection;
    QStringList m_accounts;
    QStringList m_refused;
    Done m_done;
};

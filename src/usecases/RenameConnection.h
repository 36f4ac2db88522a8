#pragma once

#include "core/Connection.h"

#include <QObject>
#include <functional>

class InventoryStore;
class RelabelKeychainEntries;
class SecretStore;

// Gives a connection another name on this computer ("Team keys" for a server named after its host): the
// service, its keys and their keychain entries stay as they are; only the entries' labels, which name the
// connection, are rewritten, without unlocking anything. The name is checked as every connection name is
// (Connection::checkedName).
class RenameConnection : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<Connection>)>;

    RenameConnection(InventoryStore& store, SecretStore* secrets, QObject* parent = nullptr);
    // Done once the inventory has the name and the labels were rewritten (a label that could not be is
    // cosmetic: the next rename or start writes it).
    void run(const Connection& connection, const QString& name, Done done);

private:
    InventoryStore& m_store;
    SecretStore* m_secrets;
    RelabelKeychainEntries* m_relabel = nullptr;
};

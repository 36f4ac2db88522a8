#pragma once

#include "ServiceFixture.h"
#include "net/InventorySync.h"
#include "net/ServiceClient.h"
#include "storage/InventoryStore.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>

// The app's side of a connection, as main() wires it: an inventory file in `dir` with a "Local" connection,
// and a ServiceClient + InventorySync pointed at a running ServiceFixture with its admin token.
struct LocalInventory
{
    LocalInventory(ServiceFixture& service, const QTemporaryDir& dir)
    {
        opened = store.open(dir.filePath(QStringLiteral("inventory.sqlite"))).ok();
        Connection local;
        local.name = QStringLiteral("Local");
        auto id = store.addConnection(local);
        connectionId = id.ok() ? id.value() : 0;
        client = std::make_unique<ServiceClient>(&network, service.server().baseUrl(),
                                                 SecretBytes(QByteArray::fromStdString(service.adminToken)));
        sync = std::make_unique<InventorySync>(*client, store, connectionId);
    }

    bool ready() const { return opened && connectionId > 0; }

    InventoryStore store;
    bool opened = false;
    qint64 connectionId = 0;
    QNetworkAccessManager network;
    std::unique_ptr<ServiceClient> client;
    std::unique_ptr<InventorySync> sync;
};

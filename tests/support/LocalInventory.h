#pragma once

#include "FixtureLocalService.h"
#include "MemorySecretStore.h"
#include "ServiceFixture.h"
#include "net/ServiceClient.h"
#include "storage/InventoryStore.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"
#include "usecases/Workstation.h"

#include <QTemporaryDir>

// The app's side of a connection, as main() wires it (a Workstation): an inventory file in `dir` with the
// "Local" connection, its session on a running ServiceFixture with the fixture's admin token.
struct LocalInventory
{
    LocalInventory(ServiceFixture& service, const QTemporaryDir& dir)
        : station(FixtureLocalService::parts(service, dir, &keychain)), store(station.store()),
          network(*station.network())
    {
        opened = station.open().ok() && station.startLocalService().ok();
        connectionId = station.localConnectionId();
        sync = station.sessions().serviceFor(connectionId);
        client = sync ? &sync->client() : nullptr;
    }

    bool ready() const { return opened && sync; }
    // Adds `name` with `role` to the service's people and signs in as them.
    bool signInAsNewPerson(ServiceFixture& service, const QString& name, Role role)
    {
        auto person = service.server().people().add(name, role, Actor::commandLine());
        if (person)
            signInAs(service.server().baseUrl(), person.value().token);
        return person.ok();
    }
    // Reopens the Local connection's session with another person's token (`url`: the fixture's).
    void signInAs(const QUrl& url, const SecretBytes& token)
    {
        sync = &station.sessions().open(connectionId, url, token);
        client = &sync->client();
    }

    MemorySecretStore keychain;
    Workstation station;
    InventoryStore& store;
    QNetworkAccessManager& network;
    bool opened = false;
    qint64 connectionId = 0;
    ServiceSession* sync = nullptr;
    ServiceClient* client = nullptr;
};

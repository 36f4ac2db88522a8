#include "CredentialTarget.h"

#include "ServiceDirectory.h"
#include "net/InventorySync.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>

Expected<CredentialTarget> CredentialTarget::resolve(const Credential& credential, InventoryStore& store,
                                                     ServiceDirectory& services)
{
    auto connections = store.connections();
    if (!connections)
        return connections.error();
    for (const Connection& connection : connections.value()) {
        if (connection.id != credential.connectionId)
            continue;
        CredentialTarget target{credential, connection, connection.provider};
        if (connection.kind == Connection::Kind::KeyDeskService) {
            InventorySync* service = services.serviceFor(connection.id);
            if (!service)
                return Error(Error::Kind::Network,
                             QCoreApplication::translate(
                                 "CredentialTarget", "KeyDesk is not connected to the service \u201C%1\u201D "
                                                     "right now; refresh when it is reachable.")
                                 .arg(connection.name));
            target.provider = ProviderSettings::keyDeskService(service->client().baseUrl());
        }
        return target;
    }
    return Error(Error::Kind::NotFound,
                 QCoreApplication::translate("CredentialTarget", "The connection of \u201C%1\u201D is gone.")
                     .arg(credential.name));
}

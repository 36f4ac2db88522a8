#include "CredentialTarget.h"

#include "ServiceDirectory.h"
#include "storage/InventoryStore.h"
#include "usecases/ServiceSession.h"

#include <QCoreApplication>

Expected<CredentialTarget> CredentialTarget::resolve(const Credential& credential, InventoryStore& store,
                                                     ServiceDirectory& services)
{
    auto connection = store.connection(credential.connectionId);
    if (!connection && connection.error().kind() != Error::Kind::NotFound)
        return connection.error();
    if (!connection)
        return Error(
            Error::Kind::NotFound,
            QCoreApplication::translate("CredentialTarget", "The connection of \u201C%1\u201D is gone.")
                .arg(credential.name));
    return resolve(credential, connection.value(), services);
}

Expected<CredentialTarget> CredentialTarget::resolve(const Credential& credential,
                                                     const Connection& connection, ServiceDirectory& services)
{
    CredentialTarget target{credential, connection, connection.provider};
    if (connection.kind == Connection::Kind::KeyDeskService) {
        ServiceSession* service = services.serviceFor(connection.id);
        if (!service)
            return Error(Error::Kind::Network,
                         QCoreApplication::translate("CredentialTarget",
                                                     "KeyDesk is not connected to the service \u201C%1\u201D "
                                                     "right now; refresh when it is reachable.")
                             .arg(connection.name));
        target.provider = ProviderSettings::keyDeskService(service->client().baseUrl());
    }
    return target;
}

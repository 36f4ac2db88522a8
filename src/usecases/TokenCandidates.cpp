#include "TokenCandidates.h"

#include "ServiceDirectory.h"
#include "storage/InventoryStore.h"

namespace TokenCandidates {

QList<CredentialTarget> list(InventoryStore& store, ServiceDirectory& services, const QDateTime& now)
{
    QList<CredentialTarget> result;
    auto connections = store.connections();
    if (!connections)
        return result;
    for (const Connection& connection : connections.value()) {
        const bool service =
            connection.kind == Connection::Kind::KeyDeskService && services.serviceFor(connection.id);
        if (!service && connection.kind != Connection::Kind::OAuth2Provider)
            continue;
        auto credentials = store.credentials(InventoryQuery::inConnection(connection.id));
        if (!credentials)
            continue;
        for (const Credential& c : credentials.value()) {
            if (c.statusAt(now) != KeyStatus::Active)
                continue;
            if (auto target = CredentialTarget::resolve(c, connection, services))
                result << target.value();
        }
    }
    return result;
}

} // namespace TokenCandidates

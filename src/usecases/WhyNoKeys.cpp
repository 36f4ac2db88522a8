#include "WhyNoKeys.h"

#include "ServiceSessions.h"
#include "storage/InventoryStore.h"

WhyNoKeys WhyNoKeys::ask(const InventoryStore& store, const ServiceSessions& sessions,
                         qint64 pickedConnection)
{
    if (const auto total = store.countCredentials(); total && total.value() == 0)
        return {Reason::NoKeysYet, {}};
    if (pickedConnection == 0)
        return {};
    const auto c = store.connection(pickedConnection);
    if (c && c.value().kind == Connection::Kind::KeyDeskService && !sessions.reachable(pickedConnection) &&
        !c.value().lastSyncedAt.isValid())
        return {Reason::NotReachedYet, c.value().name};
    return {};
}

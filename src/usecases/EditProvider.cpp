#include "EditProvider.h"

#include "AddProviderConnection.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>

namespace EditProvider {

Expected<void> check(const Connection& connection, const ProviderSettings& provider)
{
    if (connection.kind == Connection::Kind::KeyDeskService)
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("EditProvider",
                                                 "A KeyDesk service has no provider settings to edit."));
    return AddProviderConnection::checkSettings(connection.kind, provider); // the rules it was added under
}

Expected<Connection> apply(InventoryStore& store, const Connection& connection,
                           const ProviderSettings& provider)
{
    if (auto checked = check(connection, provider); !checked)
        return checked.error();
    if (auto saved = store.setProviderSettings(connection.id, provider); !saved)
        return saved.error();
    return store.connection(connection.id);
}

} // namespace EditProvider

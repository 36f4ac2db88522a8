#include "EditProvider.h"

#include "core/UrlPolicy.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>

namespace EditProvider {

Expected<void> check(const Connection& connection, const ProviderSettings& provider)
{
    if (connection.kind == Connection::Kind::KeyDeskService)
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("EditProvider",
                                                 "A KeyDesk service has no provider settings to edit."));
    if (connection.kind == Connection::Kind::OAuth2Provider) {
        if (auto allowed = UrlPolicy::check(provider.tokenUrl, UrlPolicy::Purpose::TokenEndpoint); !allowed)
            return allowed;
    }
    if (!provider.testUrl.isEmpty() || connection.kind == Connection::Kind::ApiKeyProvider) {
        if (auto allowed = UrlPolicy::check(provider.testUrl, UrlPolicy::Purpose::TestCall); !allowed)
            return allowed;
    }
    for (const auto& [name, value] : provider.extraHeaders) {
        if (auto header = ProviderSettings::parseHeader(name + QStringLiteral(": ") + value); !header)
            return header.error();
    }
    if (provider.expectedStatus < 100 || provider.expectedStatus > 599)
        return Error(
            Error::Kind::InvalidInput,
            QCoreApplication::translate("EditProvider", "The expected status must be an HTTP status."));
    return {};
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

#include "AddProviderConnection.h"

#include "core/UrlPolicy.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("AddProviderConnection", text);
}

} // namespace

AddProviderConnection::AddProviderConnection(InventoryStore& store) : m_store(store) {}

Expected<Connection> AddProviderConnection::run(const Connection& draft)
{
    auto name = Connection::checkedName(draft.name);
    if (!name)
        return name.error();
    if (auto settings = checkSettings(draft.kind, draft.provider); !settings)
        return settings.error();
    Connection connection = draft;
    connection.name = name.value();
    auto id = m_store.addConnection(connection);
    if (!id)
        return id.error();
    return m_store.connection(id.value());
}

Expected<void> AddProviderConnection::check(const Connection& draft)
{
    if (auto name = Connection::checkedName(draft.name); !name)
        return name.error();
    return checkSettings(draft.kind, draft.provider);
}

Expected<void> AddProviderConnection::checkSettings(Connection::Kind kind, const ProviderSettings& provider)
{
    if (kind == Connection::Kind::KeyDeskService)
        return Error(Error::Kind::InvalidInput,
                     tr("A KeyDesk service is connected with your token for it, not set up as a vendor."));
    if (kind == Connection::Kind::OAuth2Provider) {
        if (auto allowed = UrlPolicy::check(provider.tokenUrl, UrlPolicy::Purpose::TokenEndpoint); !allowed)
            return allowed;
    }
    if (kind == Connection::Kind::ApiKeyProvider && provider.testUrl.isEmpty())
        return Error(Error::Kind::InvalidInput,
                     tr("An API-key connection needs a test URL, such as the vendor's health endpoint."));
    if (!provider.testUrl.isEmpty()) {
        if (auto allowed = UrlPolicy::check(provider.testUrl, UrlPolicy::Purpose::TestCall); !allowed)
            return allowed;
    }
    for (const auto& [name, value] : provider.extraHeaders) {
        if (auto header = ProviderSettings::parseHeader(name + QStringLiteral(": ") + value); !header)
            return header.error();
    }
    if (provider.expectedStatus < 100 || provider.expectedStatus > 599)
        return Error(Error::Kind::InvalidInput,
                     tr("The expected status must be an HTTP status such as 204."));
    return {};
}

#pragma once

#include "core/Connection.h"

class InventoryStore;

// Adds a vendor's connection -- an OAuth2 token endpoint, or an API key's test call -- to the inventory. Its
// rules are the only ones for a provider connection: EditProvider and ImportCredential check with them too,
// so keydesk-cli and the app refuse the same things in the same words.
class AddProviderConnection
{
public:
    explicit AddProviderConnection(InventoryStore& store);
    // Checks `draft`, then adds it; a name that is taken is refused (the inventory keeps names unique).
    Expected<Connection> run(const Connection& draft);

    // The rules for a new provider connection: its name (Connection::checkedName), then its settings.
    static Expected<void> check(const Connection& draft);
    // How it is reached: the token URL (OAuth2) and the test URL (required for an API key) under the URL
    // policy, extra headers that are not ours to set, an expected status that is an HTTP status.
    static Expected<void> checkSettings(Connection::Kind kind, const ProviderSettings& provider);

private:
    InventoryStore& m_store;
};

#pragma once

#include "core/Connection.h"

class InventoryStore;

// Changes how a provider connection is reached -- token URL, client authentication, extra headers, scope,
// audience, test call -- under the same rules as when it was added (URL policy, header rules). A secret is
// replaced by importing the same client id again (ImportCredential), which overwrites its keychain entry.
namespace EditProvider {

Expected<void> check(const Connection& connection, const ProviderSettings& provider);
Expected<Connection> apply(InventoryStore& store, const Connection& connection,
                           const ProviderSettings& provider);

} // namespace EditProvider

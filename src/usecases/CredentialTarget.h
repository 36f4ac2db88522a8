#pragma once

#include "core/Connection.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/ProviderSettings.h"

class InventoryStore;
class ServiceDirectory;

// A credential with what every use case needs to act on it: its connection and where its token endpoint
// and test URL are (for a KeyDesk service, the connected service's own endpoints).
struct CredentialTarget
{
    Credential credential;
    Connection connection;
    ProviderSettings provider;

    // Reads the credential's connection from the inventory; a KeyDesk service must be connected.
    static Expected<CredentialTarget> resolve(const Credential& credential, InventoryStore& store,
                                              ServiceDirectory& services);
    // The same with its connection already in hand (no inventory read: for loops over a connection's keys).
    static Expected<CredentialTarget> resolve(const Credential& credential, const Connection& connection,
                                              ServiceDirectory& services);
};

#pragma once

#include "core/Connection.h"
#include "core/Credential.h"
#include "core/SecretBytes.h"

#include <QObject>
#include <functional>

class InventoryStore;
class ReplaceSecret;
class SecretStore;

// Edit Provider Credential / Replace Secret: how the provider is reached (EditProvider's rules), the
// credential's expiry and, when one is given, a new secret or key (ReplaceSecret). The new secret goes first:
// if the keychain refuses it, nothing else changes. Switching between a secret and private_key_jwt needs a
// new one, since the kept one is of the other sort.
class EditProviderCredential : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        Connection connection;     // as it is now
        ProviderSettings provider; // as it is to be
        Credential credential;     // with its new expiry
        SecretBytes secret;        // empty: keep the one in the keychain
    };
    using Done = std::function<void(Expected<Credential>)>;

    EditProviderCredential(InventoryStore& store, SecretStore& secrets, QObject* parent = nullptr);
    void run(Request request, Done done);

    // The checks alone, for a dialog that wants to say what is wrong before anything happens.
    static Expected<void> check(const Request& request);

private:
    Expected<Credential> save(const Connection& edited, const Credential& credential);

    InventoryStore& m_store;
    ReplaceSecret* m_replace;
};

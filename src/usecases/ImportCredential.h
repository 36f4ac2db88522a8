#pragma once

#include "core/Connection.h"
#include "core/Credential.h"
#include "core/SecretBytes.h"

#include <QObject>
#include <functional>

class InventoryStore;
class SecretStore;

// Adds a vendor credential pasted by hand to a provider connection: the connection is the one given (id set),
// or one with the same name is reused, or it is added. Its URLs must pass the URL policy; an OAuth2 client
// needs its client id (and for private_key_jwt, a private key KeyDesk can sign with as the secret: see
// ClientKey); an API key without an id gets a stable local one derived from it (not reversible). The secret
// goes to the keychain first; only when that worked is anything written to the inventory.
class ImportCredential : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        Connection connection;
        QString keyId;       // OAuth2 client id / API key id; empty for an API key without one
        QString name;        // empty: "Key <id>"
        SecretBytes secret;  // private_key_jwt: the PKCS#8 PEM private key
        QDateTime expiresAt; // as the vendor stated it; invalid = none given
    };
    using Done = std::function<void(Expected<Credential>)>;

    ImportCredential(InventoryStore& store, SecretStore& secrets, QObject* parent = nullptr);
    void run(Request request, Done done);

    // The checks alone, for a dialog that wants to say what is wrong before anything happens.
    static Expected<void> check(const Request& request);

private:
    Expected<Connection> connectionFor(const Connection& wanted, bool* added);

    InventoryStore& m_store;
    SecretStore& m_secrets;
};

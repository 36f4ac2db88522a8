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
// ClientKey); an API key without an id gets a stable local one derived from it (not reversible). An id the
// connection already lists is a new secret for that credential: it is replaced in place, keeping its name,
// expiry and history unless new ones are given. The secret goes to the keychain first; only when that worked
// is anything written to the inventory.
class ImportCredential : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        Connection connection;
        QString keyId;       // OAuth2 client id / API key id; empty for an API key without one
        QString name;        // empty: the id (or, replacing a secret, the name it has)
        SecretBytes secret;  // private_key_jwt: the PKCS#8 PEM private key
        QDateTime expiresAt; // as the vendor stated it; invalid = none given
    };
    using Done = std::function<void(Expected<Credential>)>;

    ImportCredential(InventoryStore& store, SecretStore& secrets, QObject* parent = nullptr);
    void run(Request request, Done done);

    // The checks alone, for a dialog that wants to say what is wrong before anything happens.
    static Expected<void> check(const Request& request);
    // After run: whether it replaced the secret of a credential the connection already listed.
    bool replaced() const { return m_replaced; }

private:
    Expected<Connection> connectionFor(const Connection& wanted, bool* added);
    Credential existingOrNew(const Request& request, const Connection& connection);

    InventoryStore& m_store;
    SecretStore& m_secrets;
    bool m_replaced = false;
};

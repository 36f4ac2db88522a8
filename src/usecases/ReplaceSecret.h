#pragma once

#include "core/Connection.h"
#include "core/Credential.h"
#include "core/SecretBytes.h"

#include <QObject>
#include <functional>

class InventoryStore;
class SecretStore;

// A provider credential's secret replaced after the vendor issued a new one (or, for private_key_jwt, its key
// pair): the keychain entry is overwritten first, then the inventory lists the new last four characters;
// everything else about the credential (name, dates, test results) stays. Keys of a KeyDesk service are
// rotated there instead.
class ReplaceSecret : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<Credential>)>;

    ReplaceSecret(InventoryStore& store, SecretStore& secrets, QObject* parent = nullptr);
    void run(const Connection& connection, Credential credential, const SecretBytes& secret, Done done);

private:
    InventoryStore& m_store;
    SecretStore& m_secrets;
};

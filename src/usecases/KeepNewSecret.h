#pragma once

#include "core/Credential.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"

#include <QObject>
#include <functional>

class InventoryStore;
class SecretStore;

// A new key's secret, shown once by its front end, kept in the OS keychain or deliberately not: either way
// the inventory notes it (KeptSecrets), so that deleting a key whose secret was never kept does no keychain
// work and blames no locked or absent keychain.
class KeepNewSecret : public QObject
{
    Q_OBJECT

public:
    KeepNewSecret(InventoryStore& store, SecretStore* secrets, QObject* parent = nullptr);

    // Writes the secret under the key's keychain account, labelled with its name and connection.
    void keep(const Credential& key, const SecretBytes& secret, std::function<void(Expected<void>)> done);
    // The person chose not to keep it (or a front end that wrote it itself says how that went).
    void record(const Credential& key, bool kept);

private:
    InventoryStore& m_store;
    SecretStore* m_secrets;
};

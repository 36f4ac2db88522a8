#pragma once

#include "CredentialTarget.h"

#include <QObject>
#include <functional>

class InventoryStore;
class SecretStore;
class ServiceDirectory;

// Deletes a credential everywhere it lives: at its KeyDesk service (so the key stops working), in the
// inventory, and its secret in the OS keychain. A hand-imported provider credential has no service side; its
// keychain entry goes first and nothing is removed if the keychain refuses. When something is left behind
// the outcome says exactly what and where.
class DeleteCredential : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        QString message;               // what happened, for the status bar or the terminal
        bool secretLeftBehind = false; // the keychain entry could not be removed (message says where)
    };
    using Done = std::function<void(Expected<Outcome>)>;

    DeleteCredential(InventoryStore& store, SecretStore* secrets, ServiceDirectory& services,
                     QObject* parent = nullptr);
    void run(const CredentialTarget& target, Done done);

private:
    void removeServiceKey(const CredentialTarget& target, Done done);
    void removeProviderCredential(const CredentialTarget& target, Done done);
    bool neverKept(const Credential& credential) const; // so no keychain work is needed for it
    void deleteSecret(const Credential& credential, bool kept, std::function<void(Expected<void>)> done);
    QString withDeletionNote(const QString& message) const; // what the keychain keeps after a deletion

    InventoryStore& m_store;
    SecretStore* m_secrets;
    ServiceDirectory& m_services;
};

#pragma once

#include "core/AccessToken.h"
#include "core/Connection.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"
#include "usecases/CredentialTarget.h"
#include "usecases/ServiceDirectory.h"

#include <QEventLoop>
#include <functional>
#include <memory>
#include <optional>

class EmbeddedService;
class InventoryStore;
class InventorySync;
class KeychainSecretStore;
class QNetworkAccessManager;
class ServiceClient;

// What every keydesk-cli command works on: the inventory, the keychain, the network, and (once connected)
// the KeyDesk service behind a connection -- the embedded one started in this process when it is Local.
class CliSession : public ServiceDirectory
{
public:
    CliSession();
    ~CliSession() override;

    template <typename T> using Async = std::function<void(std::function<void(Expected<T>)>)>;

    // Runs an asynchronous call to completion on a local event loop (the CLI has no other work meanwhile).
    template <typename T> Expected<T> await(const Async<T>& call)
    {
        std::optional<Expected<T>> result;
        QEventLoop loop;
        call([&](Expected<T> r) {
            result.emplace(std::move(r));
            loop.quit();
        });
        if (!result)
            loop.exec();
        return std::move(*result);
    }

    Expected<void> openInventory();
    Expected<Connection> findConnection(const QString& nameOrId);
    // By key id or name, in one connection when given.
    Expected<Credential> findCredential(const QString& keyIdOrName,
                                        std::optional<qint64> connectionId = std::nullopt);
    // A credential (by key id or name) with the connection it belongs to.
    struct Target
    {
        Credential credential;
        Connection connection;
    };
    Expected<Target> findTarget(const QString& keyIdOrName,
                                std::optional<qint64> connectionId = std::nullopt);
    Expected<Connection> localConnection();
    Expected<SecretBytes> readSecret(const QString& account);
    // Connects (and syncs the inventory) to the KeyDesk service behind `connection`.
    Expected<void> connectService(const Connection& connection);
    // A credential (by key id or name, or as found) ready for a use case: its connection, and its service
    // connected when it is a KeyDesk key (a connection failure is reported as it is).
    Expected<CredentialTarget> resolve(const QString& keyIdOrName,
                                       std::optional<qint64> connectionId = std::nullopt);
    Expected<CredentialTarget> resolve(const Target& found);
    // A fresh access token for it (RequestToken), within the request deadline.
    Expected<AccessToken> requestToken(const CredentialTarget& target);
    InventorySync* serviceFor(qint64 connectionId) override;
    // Every request's overall deadline (the app's setting, shared through its settings file).
    int deadlineMs() const;

    InventoryStore& store() { return *m_store; }
    KeychainSecretStore& keychain() { return *m_keychain; }
    QNetworkAccessManager* network() { return m_network.get(); }
    ServiceClient& client() { return *m_client; }
    InventorySync& sync() { return *m_sync; }

private:
    void migrateKeychainNames();

    std::unique_ptr<InventoryStore> m_store;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EmbeddedService> m_embedded;
    std::unique_ptr<ServiceClient> m_client;
    std::unique_ptr<InventorySync> m_sync;
};

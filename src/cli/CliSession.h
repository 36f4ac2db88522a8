#pragma once

#include "core/AccessToken.h"
#include "core/Connection.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"
#include "usecases/CredentialTarget.h"
#include "usecases/ServiceSessions.h"
#include "usecases/Workstation.h"

#include <QEventLoop>
#include <functional>
#include <memory>
#include <optional>

class InventoryStore;
class ServiceSession;
class LocalService;
class QNetworkAccessManager;
class QTextStream;
class SecretStore;
class ServiceClient;

// What every keydesk-cli command works on: the Workstation (inventory, keychain, network, sessions), opened
// at the first command that needs it, the KeyDesk service a command connected to, and finding connections
// and credentials by what the user typed.
class CliSession
{
public:
    using LocalServiceFactory = std::function<std::unique_ptr<LocalService>()>;
    explicit CliSession(LocalServiceFactory makeLocalService);
    ~CliSession();

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
    // After a change the service made: brings this computer's copy up to date. A failure only earns a
    // warning on `err`: the change is made, and the next command that syncs tries again.
    void syncAfterChange(QTextStream& err);
    // A credential (by key id or name, or as found) ready for a use case: its connection, and its service
    // connected when it is a KeyDesk key (a connection failure is reported as it is).
    Expected<CredentialTarget> resolve(const QString& keyIdOrName,
                                       std::optional<qint64> connectionId = std::nullopt);
    Expected<CredentialTarget> resolve(const Target& found);
    // A fresh access token for it (RequestToken), within the request deadline.
    Expected<AccessToken> requestToken(const CredentialTarget& target);
    // Every request's overall deadline (the app's setting, shared through its settings file).
    int deadlineMs() const;

    InventoryStore& store() { return m_station->store(); }
    SecretStore& keychain() { return *m_station->keychain(); }
    QNetworkAccessManager* network() { return m_station->network(); }
    // Which service answers for a connection: those connected in this run.
    ServiceSessions& services() { return m_station->sessions(); }
    // The service the last connectService() connected to.
    ServiceClient& client();
    ServiceSession& sync() { return *m_sync; }

private:
    LocalServiceFactory m_makeLocalService;
    std::unique_ptr<Workstation> m_station;
    ServiceSession* m_sync = nullptr;
};

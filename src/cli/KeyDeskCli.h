#pragma once

#include "CliExit.h"
#include "core/Connection.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"

#include <QStringList>
#include <QTextStream>
#include <functional>
#include <memory>

class EmbeddedService;
class InventoryStore;
class KeychainSecretStore;
class QNetworkAccessManager;
class ServiceClient;
class InventorySync;

// keydesk-cli: the app's operations without a GUI, on the same inventory, keychain and service code
// (like keepassxc-cli beside keepassxc). Secrets are read from stdin, never from argv.
class KeyDeskCli
{
public:
    KeyDeskCli(QTextStream& out, QTextStream& err, QTextStream& in);
    ~KeyDeskCli();

    int run(const QStringList& arguments); // arguments.first() is the program

    template <typename T> using Async = std::function<void(std::function<void(Expected<T>)>)>;

private:
    int connections(const QStringList& args);
    int keys(const QStringList& args);
    int token(const QStringList& args);
    int test(const QStringList& args);
    int import(const QStringList& args);

    int fail(const Error& error);
    int usage(const QString& message);
    Expected<void> openInventory();
    Expected<Connection> findConnection(const QString& nameOrId);
    Expected<Credential> findCredential(const QString& keyIdOrName);
    Expected<SecretBytes> readSecret(const QString& account);
    Expected<void> writeSecret(const QString& account, const SecretBytes& secret);
    // The KeyDesk service behind a connection: the embedded one is started in this process.
    Expected<void> connectService(const Connection& connection);
    Expected<Connection> localConnection();
    SecretBytes readSecretFromStdin();

    template <typename T> Expected<T> await(const Async<T>& call);

    QTextStream& m_out;
    QTextStream& m_err;
    QTextStream& m_in;
    std::unique_ptr<InventoryStore> m_store;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<EmbeddedService> m_embedded;
    std::unique_ptr<ServiceClient> m_client;
    std::unique_ptr<InventorySync> m_sync;
};

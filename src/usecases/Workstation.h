#pragma once

#include "core/Connection.h"
#include "core/Expected.h"

#include <QStringList>
#include <functional>
#include <memory>

class InventoryStore;
class ServiceSession;
class KeychainSecretStore;
class LocalService;
class QNetworkAccessManager;
class RelabelKeychainEntries;
class SecretStore;
class ServiceSessions;
class Settings;

// The composition root: the one object graph the app, keydesk-cli and the test fixtures all start from --
// settings, the inventory, the keychain, the network, the Local connection's service and the sessions of
// every KeyDesk service. Start-up steps are written here once; each front end calls the ones it needs, in
// this order: open(), then checkKeychain() (the app), migrateKeychain(), startLocalService() or connect(),
// and relabelKeychainEntries() once the app's window is up.
// The only place that starts the local service.
class Workstation
{
public:
    // What differs between the app, the CLI and a test.
    struct Parts
    {
        QString dataDir;                     // the inventory and the local service's database live here
        QString settingsFile;                // empty: the user's settings
        std::unique_ptr<LocalService> local; // the Local connection's service (EmbeddedService outside tests)
        SecretStore* keychain = nullptr;     // a test's store, which outlives this; nullptr: the OS keychain
    };
    explicit Workstation(Parts parts);
    ~Workstation();
    Workstation(const Workstation&) = delete;
    Workstation& operator=(const Workstation&) = delete;

    // Creates the data folder, readable by its owner only (open() does too; the app first makes sure it is
    // the only instance, which needs the folder).
    Expected<void> createDataFolder();
    // Opens the inventory in the data folder and makes sure the Local connection exists.
    Expected<void> open();
    // Asks the keychain, within `waitMs`, whether it can be reached at all, without reading anything (so a
    // locked KeePassXC is not asked to unlock). Unreachable: keychain() is nullptr from now on and the
    // returned error says why. A late answer is ignored.
    Expected<void> checkKeychain(int waitMs);
    // Moves keychain entries to their current names (once, when due). Returns what could not be moved yet
    // (the next start tries again).
    QStringList migrateKeychain();
    // Gives entries from before labels existed theirs, once, in the background and without any dialog (the
    // app, once its window is up: it reads the whole inventory, a page at a time).
    void relabelKeychainEntries();
    // Starts the local service (once) and opens the Local connection's session on it.
    Expected<void> startLocalService();
    // Opens every remote KeyDesk connection whose token is in the keychain; `done` gets what could not be.
    void openRemembered(std::function<void(QStringList)> done);
    // The session of one KeyDesk connection, opened now if it is not (the CLI connects on demand): the
    // local service is started for Local, a team server's token read from the keychain.
    void connect(const Connection& connection, std::function<void(Expected<ServiceSession*>)> done);
    // Says a keychain dialog the user is waiting on (the OS keychain only).
    void setKeychainPromptNotice(std::function<void(const QString&)> notice);

    InventoryStore& store() { return *m_store; }
    // nullptr when checkKeychain() found none: the app then runs on key details only.
    SecretStore* keychain() { return m_keychain; }
    ServiceSessions& sessions() { return *m_sessions; }
    Settings& settings() { return *m_settings; }
    QNetworkAccessManager* network() { return m_network.get(); }
    qint64 localConnectionId() const { return m_localConnectionId; }
    const QString& dataDir() const { return m_dataDir; }

private:
    Expected<qint64> ensureLocalConnection();

    QString m_dataDir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<InventoryStore> m_store;
    std::unique_ptr<KeychainSecretStore> m_systemKeychain;
    SecretStore* m_keychain = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<LocalService> m_local;
    bool m_localStarted = false;
    std::unique_ptr<ServiceSessions> m_sessions;
    qint64 m_localConnectionId = 0;
    std::unique_ptr<RelabelKeychainEntries> m_relabel;
};

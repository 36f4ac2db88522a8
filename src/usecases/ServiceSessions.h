#pragma once

#include "ServiceDirectory.h"
#include "core/Connection.h"
#include "core/Error.h"
#include "core/Role.h"
#include "core/SecretBytes.h"

#include <QHash>
#include <QObject>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class InventoryStore;
class ServiceSession;
class QNetworkAccessManager;
class SecretStore;
class ServiceClient;

// Every KeyDesk service the app works on at once: its local (embedded) service and each team server whose
// personal token is in this computer's keychain. Each has its own ServiceClient and ServiceSession; a server
// connected while the app runs is opened at once, and a removed connection is closed, so nothing needs a
// restart. A closed session is no longer listed but stays alive until the app ends, so whatever it was asked
// still answers. Remembers which services the last refresh reached.
class ServiceSessions : public QObject, public ServiceDirectory
{
    Q_OBJECT

public:
    // A service the last refresh could not reach, and why.
    struct Failure
    {
        qint64 connectionId = 0;
        QString name;
        Error error;
    };
    using Refreshed = std::function<void(QList<Failure>)>;

    // Every request's deadline, for the services open now and those opened later (Preferences).
    void setDeadlineMs(int deadlineMs);
    ServiceSessions(InventoryStore& store, QNetworkAccessManager* network, int deadlineMs,
                    QObject* parent = nullptr);
    ~ServiceSessions() override;

    // Opens (or reopens with a new token) the service behind `connectionId`.
    ServiceSession& open(qint64 connectionId, const QUrl& url, SecretBytes token);
    // Reads the connection's token from the keychain, then opens it.
    void openFromKeychain(const Connection& connection, SecretStore& secrets,
                          std::function<void(Expected<ServiceSession*>)> done);
    // Opens every remote KeyDesk connection in the inventory; `done` gets what could not be opened, in words.
    void openRemembered(SecretStore& secrets, std::function<void(QStringList)> done);
    // Closes the sessions whose connection is no longer in the inventory.
    void closeRemoved();

    // Refreshes every service at once; `done` runs once all have answered.
    void refresh(Refreshed done);
    bool reachable(qint64 connectionId) const { return m_reachable.value(connectionId, false); }
    QHash<qint64, bool> reachability() const;

    // Who this computer is on a connection: the role its service gives now, or offline the role the last
    // sync saw (an owner when it never synced: nothing that needs the service is enabled offline anyway).
    Role roleOn(qint64 connectionId) const;
    // Whether new keys may be added on `connectionId`, or (nullopt) on any service reached; if not, why.
    struct AddKeysRight
    {
        enum class Refusal
        {
            None,
            NotAService, // not a connected KeyDesk service
            Unreachable, // no answer at the last refresh
            Role         // the role there does not allow it (`role`)
        };
        Refusal refusal = Refusal::None;
        Role role = Role::Owner;
        bool allowed() const { return refusal == Refusal::None; }
    };
    AddKeysRight mayAddKeys(std::optional<qint64> connectionId) const;

    QList<ServiceSession*> all() const;
    ServiceSession* serviceFor(qint64 connectionId) override;
    QNetworkAccessManager* network() const { return m_network; }

private:
    struct Session;
    struct Round;
    const Session* find(qint64 connectionId) const;
    void retire(qint64 connectionId);
    void answer(const std::shared_ptr<Round>& round, qint64 connectionId,
                const std::optional<Failure>& failure);
    void openNext(std::shared_ptr<QList<Connection>> pending, SecretStore& secrets,
                  std::shared_ptr<QStringList> problems, std::function<void(QStringList)> done);

    InventoryStore& m_store;
    QNetworkAccessManager* m_network;
    int m_deadlineMs;
    std::vector<std::unique_ptr<Session>> m_sessions;
    std::vector<std::unique_ptr<Session>> m_retired; // closed, kept alive for requests in flight
    std::vector<std::weak_ptr<Round>> m_rounds;
    QHash<qint64, bool> m_reachable;
};

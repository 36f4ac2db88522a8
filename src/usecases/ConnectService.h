#pragma once

#include "core/Connection.h"
#include "core/SecretBytes.h"

#include <QObject>
#include <functional>

class InventoryStore;
class QNetworkAccessManager;
class SecretStore;

// Adds (or updates) a remote keydesk-server connection: the URL must pass the URL policy; the token is
// checked against the service first when asked to (the app does; `keydesk-cli connections add` can add a
// server that is not reachable right now); the connection row is reused by URL (and by name, when one is
// given: another name on the same server is a second identity, a connection of its own); the token goes to
// the keychain under the connection's name (KeychainNames::serviceToken). The one place both front ends keep
// a remote service: its URL in the inventory, its token in the keychain.
class ConnectService : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString name; // empty: the URL's host
        QString url;  // as typed: "keys.example.org" becomes https://keys.example.org
        SecretBytes token;
        bool verify = true;
    };
    using Done = std::function<void(Expected<Connection>)>;

    ConnectService(InventoryStore& store, SecretStore& secrets, QNetworkAccessManager* network,
                   QObject* parent = nullptr);
    void run(Request request, Done done);
    // How long the check against the service may take (Preferences' request deadline).
    void setDeadlineMs(int ms) { m_deadlineMs = ms; }

    // The service's base URL from what was typed, or why it cannot be used.
    static Expected<QUrl> serviceUrl(const QString& typed);

private:
    void keep(const QString& name, bool named, const QUrl& url, const SecretBytes& token, Done done);

    InventoryStore& m_store;
    SecretStore& m_secrets;
    QNetworkAccessManager* m_network;
    int m_deadlineMs = 30000;
};

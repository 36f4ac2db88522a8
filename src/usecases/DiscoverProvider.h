#pragma once

#include "core/DiscoveredProvider.h"
#include "core/Expected.h"

#include <QObject>
#include <functional>
#include <optional>

class ProviderDiscovery;
class QNetworkAccessManager;

// "Discover" for a vendor's OAuth2 connection, in the app and `keydesk-cli connections add --issuer`: reads
// the server's metadata from its issuer URL (RFC 8414, then OpenID Connect Discovery) and checks it.
class DiscoverProvider : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<DiscoveredProvider>)>;

    explicit DiscoverProvider(QNetworkAccessManager* network, QObject* parent = nullptr);
    void setDeadlineMs(int ms);

    // `wanted`: the client authentication the user asked for, checked against the server's list; nullopt:
    // KeyDesk picks one.
    void run(const QString& issuer, std::optional<ProviderSettings::ClientAuth> wanted, Done done);

    // What the connection takes from it: the issuer (kept while this token URL is used), the methods it
    // lists, the token URL and the client authentication.
    static void applyTo(const DiscoveredProvider& found, ProviderSettings& provider);

private:
    ProviderDiscovery* m_discovery;
};

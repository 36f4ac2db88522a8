#include "DiscoverProvider.h"

#include "net/ProviderDiscovery.h"

DiscoverProvider::DiscoverProvider(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_discovery(new ProviderDiscovery(network, this))
{}

void DiscoverProvider::setDeadlineMs(int ms)
{
    m_discovery->setDeadlineMs(ms);
}

void DiscoverProvider::run(const QString& issuer, std::optional<ProviderSettings::ClientAuth> wanted,
                           Done done)
{
    m_discovery->discover(issuer, wanted, std::move(done));
}

void DiscoverProvider::applyTo(const DiscoveredProvider& found, ProviderSettings& provider)
{
    provider.issuer = found.issuer;
    provider.issuerAuthMethods = found.authMethods;
    provider.tokenUrl = found.tokenEndpoint;
    provider.clientAuth = found.clientAuth;
}

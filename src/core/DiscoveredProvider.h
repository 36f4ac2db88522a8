#pragma once

#include "ProviderSettings.h"

#include <QStringList>
#include <QUrl>

// What an OAuth2 server's metadata says about it, once checked (ProviderDiscovery): where its token endpoint
// is and which client authentication KeyDesk picked from the ones it lists, with the reason.
struct DiscoveredProvider
{
    QUrl issuer;
    QUrl tokenEndpoint;
    QUrl documentUrl;        // where the metadata was found
    QStringList authMethods; // as the server lists them (RFC 8414's default when it lists none)
    ProviderSettings::ClientAuth clientAuth = ProviderSettings::ClientAuth::HttpBasic;
    QString reason;     // why that method, in words
    QStringList scopes; // scopes_supported, the well-formed ones
};

#pragma once

#include "Expected.h"

#include <QUrl>

// Where KeyDesk may send a credential (an admin token, a client secret, an API key, an access token):
// https anywhere, plain http only to this machine (127.0.0.0/8, ::1, localhost), never with a user name or
// password inside the URL. Checked when a URL is typed and again when a request is sent, so a URL read back
// from the inventory, the settings or a command line cannot skip it.
namespace UrlPolicy {

enum class Purpose
{
    ServiceApi, // a KeyDesk service: the admin token travels
    TokenEndpoint,
    TestCall,
    Issuer, // an OAuth2 server's issuer identifier, whose metadata names the token endpoint (RFC 8414)
};

Expected<void> check(const QUrl& url, Purpose purpose);
bool isLoopbackHost(const QString& host);

} // namespace UrlPolicy

#pragma once

#include <QHostAddress>
#include <QList>
#include <string>

// The address a request came from, for rate limits and logs. The peer, unless the peer is a proxy the
// operator trusts (--trusted-proxy): then the rightmost X-Forwarded-For entry that is not itself a trusted
// proxy. Entries left of that were written by the client and prove nothing.
namespace ClientAddress {

std::string resolve(const std::string& peer, const std::string& forwardedFor,
                    const QList<QHostAddress>& trustedProxies);

} // namespace ClientAddress

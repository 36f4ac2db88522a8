// An OAuth2 server's metadata document (RFC 8414 / OpenID Connect Discovery): whatever it says, a document
// that is accepted speaks for the issuer asked for, names a token endpoint the URL policy allows, and hands
// on only short, well-formed method names and scopes (they reach a terminal and a combo box).
#include "FuzzSupport.h"
#include "core/UrlPolicy.h"
#include "net/ProviderDiscovery.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QUrl issuer(QStringLiteral("https://auth.example.com/tenant"));
    auto found = ProviderDiscovery::parse(FuzzSupport::bytes(data, size), issuer, std::nullopt);
    if (!found.ok())
        return 0;
    const ProviderDiscovery::Result& r = found.value();
    FuzzSupport::require(UrlPolicy::check(r.tokenEndpoint, UrlPolicy::Purpose::TokenEndpoint).ok(),
                         "token endpoint passes the URL policy");
    FuzzSupport::require(r.authMethods.contains(QStringLiteral("client_secret_basic")) ||
                             r.authMethods.contains(QStringLiteral("client_secret_post")),
                         "the picked method is one the server lists");
    FuzzSupport::require(r.authMethods.size() <= 32 && r.scopes.size() <= 200, "lists are bounded");
    for (const QString& s : r.scopes + r.authMethods) {
        FuzzSupport::require(!s.isEmpty() && s.size() <= 128, "entries are short");
        for (const QChar c : s)
            FuzzSupport::require(c.unicode() > 0x20 && c.unicode() < 0x7F && c != QLatin1Char('"') &&
                                     c != QLatin1Char('\\'),
                                 "entries are printable ASCII without quotes");
    }
    return 0;
}

#pragma once

#include "Expected.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

// How to talk to a credential's provider: where and how to get an OAuth2 client-credentials token, and
// how to test a key or token. Kept (as JSON) with the connection in the inventory; never holds a secret.
struct ProviderSettings
{
    // RFC 6749 §2.3.1 client authentication, plus what vendors do instead: HTTP Basic without the
    // form-encoding of id and secret (as `curl -u` sends it; m3ter's documentation builds it so) and
    // credentials in a JSON body.
    enum class ClientAuth
    {
        HttpBasic,    // base64(form-encoded id ":" form-encoded secret), RFC 6749 §2.3.1
        HttpBasicRaw, // base64(id ":" secret), as curl -u
        FormPost,
        JsonBody,
        PrivateKeyJwt // RFC 7523 §2.2: a signed assertion; the "secret" kept is the private key (PKCS#8 PEM)
    };
    // The token request's body. With HTTP Basic it may be JSON ({"grant_type": …}) where a vendor asks for
    // it; FormPost is always a form and JsonBody always JSON.
    enum class BodyFormat
    {
        Form,
        Json
    };
    enum class HeaderStyle
    {
        XApiKey,
        Bearer
    };

    QUrl issuer; // set when the token URL was discovered from the issuer's metadata (RFC 8414)
    // What that metadata listed in token_endpoint_auth_methods_supported: a refused method can then name
    // the other one the server takes.
    QStringList issuerAuthMethods;
    QUrl tokenUrl;
    ClientAuth clientAuth = ClientAuth::HttpBasic;
    BodyFormat bodyFormat = BodyFormat::Form;
    QList<QPair<QString, QString>> extraHeaders; // e.g. X-Monite-Version: 2024-01-31
    QString scope;
    QString audience;
    QString assertionAudience; // private_key_jwt's aud; empty: the token URL (RFC 7523 §3)

    QUrl testUrl;
    HeaderStyle testHeader = HeaderStyle::XApiKey;
    int expectedStatus = 204;

    QByteArray toJson() const;
    static Expected<ProviderSettings> fromJson(const QByteArray& json);

    static QString clientAuthToString(ClientAuth auth);
    static std::optional<ClientAuth> clientAuthFromString(const QString& text);
    static QString clientAuthDisplayName(ClientAuth auth);
    static bool isBasic(ClientAuth auth)
    {
        return auth == ClientAuth::HttpBasic || auth == ClientAuth::HttpBasicRaw;
    }
    // The body actually sent: JSON for JsonBody, a form for FormPost, as chosen for the Basic styles.
    bool sendsJson() const;
    // "K: V" -> pair; an error names what is wrong (no colon, empty name, characters not allowed).
    static Expected<QPair<QString, QString>> parseHeader(const QString& line);

    // The seed vendors' documented conventions; the user still supplies URLs and credentials.
    enum class Preset
    {
        JsonBodyWithVersionHeader,
        BasicAuthToken,
        ApiKeyHealthCheck
    };
    static ProviderSettings preset(Preset preset);
    // A KeyDesk service's own endpoints: client credentials with HTTP Basic at /oauth/token; keys and
    // tokens tested at /health, which answers 204.
    static ProviderSettings keyDeskService(const QUrl& baseUrl);
};

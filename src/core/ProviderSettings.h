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
    // RFC 6749 §2.3.1 client authentication, plus the JSON body some vendors use.
    enum class ClientAuth
    {
        HttpBasic,
        FormPost,
        JsonBody
    };
    enum class HeaderStyle
    {
        XApiKey,
        Bearer
    };

    QUrl tokenUrl;
    ClientAuth clientAuth = ClientAuth::HttpBasic;
    QList<QPair<QString, QString>> extraHeaders; // e.g. X-Monite-Version: 2024-01-31
    QString scope;
    QString audience;

    QUrl testUrl;
    HeaderStyle testHeader = HeaderStyle::XApiKey;
    int expectedStatus = 204;

    QByteArray toJson() const;
    static Expected<ProviderSettings> fromJson(const QByteArray& json);

    static QString clientAuthToString(ClientAuth auth);
    static std::optional<ClientAuth> clientAuthFromString(const QString& text);
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

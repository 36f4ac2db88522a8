#include "ProviderSettings.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

QString ProviderSettings::clientAuthToString(ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::HttpBasic:
        return QStringLiteral("basic");
    case ClientAuth::HttpBasicRaw:
        return QStringLiteral("basic-raw");
    case ClientAuth::FormPost:
        return QStringLiteral("post");
    case ClientAuth::JsonBody:
        return QStringLiteral("json");
    case ClientAuth::PrivateKeyJwt:
        return QStringLiteral("private_key_jwt");
    }
    return {};
}

std::optional<ProviderSettings::ClientAuth> ProviderSettings::clientAuthFromString(const QString& text)
{
    for (ClientAuth auth : {ClientAuth::HttpBasic, ClientAuth::HttpBasicRaw, ClientAuth::FormPost,
                            ClientAuth::JsonBody, ClientAuth::PrivateKeyJwt}) {
        if (text == clientAuthToString(auth))
            return auth;
    }
    return std::nullopt;
}

QString ProviderSettings::clientAuthDisplayName(ClientAuth auth)
{
    switch (auth) {
    case ClientAuth::HttpBasic:
        return QCoreApplication::translate("ProviderSettings", "HTTP Basic (RFC 6749)");
    case ClientAuth::HttpBasicRaw:
        return QCoreApplication::translate("ProviderSettings", "HTTP Basic (as curl -u)");
    case ClientAuth::FormPost:
        return QCoreApplication::translate("ProviderSettings",
                                           "Form post (client_id/client_secret in the body)");
    case ClientAuth::JsonBody:
        return QCoreApplication::translate("ProviderSettings", "JSON body");
    case ClientAuth::PrivateKeyJwt:
        return QCoreApplication::translate("ProviderSettings", "Private key JWT (RFC 7523)");
    }
    return {};
}

bool ProviderSettings::sendsJson() const
{
    return clientAuth == ClientAuth::JsonBody || (isBasic(clientAuth) && bodyFormat == BodyFormat::Json);
}

Expected<QPair<QString, QString>> ProviderSettings::parseHeader(const QString& line)
{
    const qsizetype colon = line.indexOf(QLatin1Char(':'));
    const QString name = colon > 0 ? line.left(colon).trimmed() : QString();
    const QString value = colon > 0 ? line.mid(colon + 1).trimmed() : QString();
    auto bad = [&](const char* why) {
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("ProviderSettings", "\u201C%1\u201D is not a header: %2")
                         .arg(line, QCoreApplication::translate("ProviderSettings", why)));
    };
    if (name.isEmpty())
        return bad("write it as Name: value.");
    for (QChar c : name) {
        // RFC 9110 token characters; anything else (spaces, CR/LF) could smuggle a second header.
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && !QStringLiteral("!#$%&'*+-.^_`|~").contains(c))
            return bad("the name may hold only letters, digits and !#$%&'*+-.^_`|~.");
    }
    if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')))
        return bad("the value must be on one line.");
    const QString lower = name.toLower();
    if (lower == QLatin1String("authorization") || lower == QLatin1String("content-length") ||
        lower == QLatin1String("host"))
        return bad("KeyDesk sets this header itself.");
    return qMakePair(name, value);
}

QByteArray ProviderSettings::toJson() const
{
    QJsonArray headers;
    for (const auto& [name, value] : extraHeaders)
        headers.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    const QJsonObject o{
        {QStringLiteral("issuer"), issuer.toString()},
        {QStringLiteral("issuer_auth_methods"), QJsonArray::fromStringList(issuerAuthMethods)},
        {QStringLiteral("token_url"), tokenUrl.toString()},
        {QStringLiteral("client_auth"), clientAuthToString(clientAuth)},
        {QStringLiteral("body"),
         bodyFormat == BodyFormat::Json ? QStringLiteral("json") : QStringLiteral("form")},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("scope"), scope},
        {QStringLiteral("audience"), audience},
        {QStringLiteral("assertion_audience"), assertionAudience},
        {QStringLiteral("test_url"), testUrl.toString()},
        {QStringLiteral("test_header"),
         testHeader == HeaderStyle::Bearer ? QStringLiteral("bearer") : QStringLiteral("x-api-key")},
        {QStringLiteral("expected_status"), expectedStatus},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Expected<ProviderSettings> ProviderSettings::fromJson(const QByteArray& json)
{
    ProviderSettings s;
    if (json.isEmpty())
        return s;
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    s.issuer = QUrl(o.value(QLatin1String("issuer")).toString());
    const QJsonArray methods = o.value(QLatin1String("issuer_auth_methods")).toArray();
    for (qsizetype i = 0; i < methods.size() && i < 32; ++i) // as ProviderDiscovery keeps at most
        s.issuerAuthMethods << methods.at(i).toString().left(64);
    s.tokenUrl = QUrl(o.value(QLatin1String("token_url")).toString());
    const auto auth =
        clientAuthFromString(o.value(QLatin1String("client_auth")).toString(QStringLiteral("basic")));
    if (!auth)
        return Error(Error::Kind::StorageCorrupt,
                     QStringLiteral("unknown client_auth in a connection's settings"));
    s.clientAuth = *auth;
    s.bodyFormat = o.value(QLatin1String("body")).toString() == QLatin1String("json") ? BodyFormat::Json
                                                                                      : BodyFormat::Form;
    for (const QJsonValue& h : o.value(QLatin1String("headers")).toArray()) {
        s.extraHeaders << qMakePair(h.toObject().value(QLatin1String("name")).toString(),
                                    h.toObject().value(QLatin1String("value")).toString());
    }
    s.scope = o.value(QLatin1String("scope")).toString();
    s.audience = o.value(QLatin1String("audience")).toString();
    s.assertionAudience = o.value(QLatin1String("assertion_audience")).toString();
    s.testUrl = QUrl(o.value(QLatin1String("test_url")).toString());
    s.testHeader = o.value(QLatin1String("test_header")).toString() == QLatin1String("bearer")
                       ? HeaderStyle::Bearer
                       : HeaderStyle::XApiKey;
    s.expectedStatus = o.value(QLatin1String("expected_status")).toInt(204);
    return s;
}

ProviderSettings ProviderSettings::preset(Preset preset)
{
    ProviderSettings s;
    switch (preset) {
    case Preset::JsonBodyWithVersionHeader: // Monite: POST /v1/auth/token, JSON body, X-Monite-Version
        s.clientAuth = ClientAuth::JsonBody;
        s.extraHeaders << qMakePair(QStringLiteral("X-Monite-Version"), QStringLiteral("2024-01-31"));
        s.testHeader = HeaderStyle::Bearer;
        s.expectedStatus = 200;
        break;
    case Preset::BasicAuthToken: // m3ter: POST /oauth/token, base64(id:secret) as Basic, a JSON body
        s.clientAuth = ClientAuth::HttpBasicRaw;
        s.bodyFormat = BodyFormat::Json;
        s.testHeader = HeaderStyle::Bearer;
        s.expectedStatus = 200;
        break;
    case Preset::ApiKeyHealthCheck: // Equipme: GET /health with X-API-Key, 204
        s.testHeader = HeaderStyle::XApiKey;
        s.expectedStatus = 204;
        break;
    }
    return s;
}

ProviderSettings ProviderSettings::keyDeskService(const QUrl& baseUrl)
{
    ProviderSettings p;
    p.tokenUrl = baseUrl.resolved(QUrl(QStringLiteral("/oauth/token")));
    p.clientAuth = ClientAuth::HttpBasic;
    p.testUrl = baseUrl.resolved(QUrl(QStringLiteral("/health")));
    p.testHeader = HeaderStyle::XApiKey;
    p.expectedStatus = 204;
    return p;
}

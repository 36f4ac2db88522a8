#include "AuthRoutes.h"

#include "HttpExchange.h"
#include "Router.h"
#include "service/JsonWriter.h"
#include "service/TokenService.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

using namespace HttpExchange;

namespace {

// The token request's parameters from a form or JSON body. RFC 6749 §3.2: no parameter twice.
Expected<QHash<QString, QString>, ApiError> tokenParameters(const HttpRequest& req)
{
    const QString type = mediaType(req);
    QHash<QString, QString> params;
    if (type == QLatin1String("application/x-www-form-urlencoded")) {
        QByteArray body = QByteArray::fromStdString(req.body);
        body.replace('+', "%20"); // form encoding's '+' is a space; QUrlQuery would keep it
        const QUrlQuery query(QString::fromLatin1(body));
        for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (params.contains(name)) {
                return ApiError::badRequest(
                    "invalid_request",
                    QCoreApplication::translate("AuthRoutes",
                                                "The parameter \u201C%1\u201D was sent more than once.")
                        .arg(name));
            }
            params.insert(name, value);
        }
        return params;
    }
    if (type == QLatin1String("application/json")) {
        auto body = jsonBody(req);
        if (!body)
            return ApiError::badRequest("invalid_request", body.error().message);
        for (auto it = body.value().begin(); it != body.value().end(); ++it) {
            if (!it.value().isString()) {
                return ApiError::badRequest(
                    "invalid_request", QCoreApplication::translate(
                                           "AuthRoutes", "The parameter \u201C%1\u201D must be a string.")
                                           .arg(it.key()));
            }
            params.insert(it.key(), it.value().toString());
        }
        return params;
    }
    return ApiError::badRequest(
        "invalid_request", QCoreApplication::translate(
                               "AuthRoutes", "Send the token request as application/x-www-form-urlencoded or "
                                             "application/json."));
}

void token(TokenService& tokens, const HttpRequest& req, HttpResponse& res)
{
    constexpr bool oauth = true;
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Pragma", "no-cache");
    const QString source = QString::fromStdString(req.remoteAddress);
    if (const int wait = tokens.throttle().waitBeforeTrying(source))
        return sendError(res, AuthThrottle::tooManyRequests(wait), oauth);
    auto params = tokenParameters(req);
    if (!params)
        return sendError(res, params.error(), oauth);
    QHash<QString, QString>& p = params.value();
    const QString grantType = p.value(QStringLiteral("grant_type"));
    if (grantType.isEmpty())
        return sendError(
            res,
            ApiError::badRequest("invalid_request",
                                 QCoreApplication::translate("AuthRoutes", "grant_type is required.")),
            oauth);
    if (grantType != QLatin1String("client_credentials")) {
        return sendError(
            res,
            ApiError::badRequest("unsupported_grant_type",
                                 QCoreApplication::translate(
                                     "AuthRoutes", "Only grant_type=client_credentials is supported.")),
            oauth);
    }
    QString clientId = p.value(QStringLiteral("client_id"));
    SecretBytes secret;
    const auto bodySecret = p.find(QStringLiteral("client_secret"));
    const bool bodyHasSecret = bodySecret != p.end();
    if (bodyHasSecret) {
        secret = SecretBytes::fromUtf8(bodySecret.value());
        SecretBytes::wipe(bodySecret.value());
    }
    const auto basic = basicCredentials(req);
    if (basic) {
        if (!basic->ok())
            return sendError(res, basic->error(), oauth);
        // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
        if (bodyHasSecret || (!clientId.isEmpty() && clientId != basic->value().user)) {
            return sendError(res,
                             ApiError::badRequest(
                                 "invalid_request",
                                 QCoreApplication::translate(
                                     "AuthRoutes", "Send the client credentials either in the Authorization "
                                                   "header or in the body, not both.")),
                             oauth);
        }
        clientId = basic->value().user;
        secret = basic->value().password;
    }
    if (clientId.isEmpty() || secret.isEmpty()) {
        ApiError error = ApiError::unauthorized(
            "invalid_client",
            QCoreApplication::translate("AuthRoutes", "Client authentication failed: send client_id "
                                                      "and client_secret."));
        error.basicChallenge = true;
        return sendError(res, error, oauth);
    }
    auto issued = tokens.issue(clientId, secret, p.value(QStringLiteral("scope")), source);
    if (!issued) {
        ApiError error = issued.error();
        error.basicChallenge = basic.has_value() && error.status == 401;
        return sendError(res, error, oauth);
    }
    noteKeyId(issued.value().keyId);
    JsonWriter body;
    body.field("access_token", QString::fromLatin1(issued.value().accessToken))
        .field("token_type", u"Bearer")
        .field("expires_in", issued.value().expiresIn);
    if (p.contains(QStringLiteral("scope")))
        body.field("scope", p.value(QStringLiteral("scope")));
    const QByteArray json = body.finish();
    res.status = 200;
    res.setContent(json.constData(), size_t(json.size()), "application/json");
}

void health(TokenService& tokens, const HttpRequest& req, HttpResponse& res)
{
    TokenService::Result<Credential> outcome = ApiError::unauthorized(
        "missing_credentials",
        QCoreApplication::translate(
            "AuthRoutes", "Send an API key in X-API-Key or an access token in Authorization: Bearer."));
    const QString source = QString::fromStdString(req.remoteAddress);
    if (const int wait = tokens.throttle().waitBeforeTrying(source))
        return sendError(res, AuthThrottle::tooManyRequests(wait));
    if (req.hasHeader("X-API-Key")) {
        outcome = tokens.authenticateApiKey(SecretBytes(QByteArray::fromStdString(req.header("X-API-Key"))),
                                            source);
    } else if (const auto bearer = bearerToken(req)) {
        // Our secrets carry a kds_ prefix, so a key sent as a bearer token is recognised as one.
        const bool isApiKey = bearer->size() > 4 && qstrncmp(bearer->data(), "kds_", 4) == 0;
        outcome = isApiKey ? tokens.authenticateApiKey(*bearer, source)
                           : tokens.authenticateAccessToken(bearer->toByteArray(), source);
    }
    if (!outcome) {
        ApiError error = outcome.error();
        error.bearerChallenge = error.status == 401;
        return sendError(res, error);
    }
    noteKeyId(outcome.value().keyId);
    if (const int wait = tokens.throttle().healthChecked(outcome.value().keyId))
        return sendError(res, AuthThrottle::tooManyRequests(wait));
    sendNoContent(res);
}

} // namespace

void AuthRoutes::install(Router& router, TokenService& tokens)
{
    router.add(QStringLiteral("GET"), QStringLiteral("/livez"),
               [](const HttpRequest&, HttpResponse& res, const QStringList&) { sendNoContent(res); });
    // Ready only while the database answers: what load balancers and readiness probes ask.
    router.add(QStringLiteral("GET"), QStringLiteral("/readyz"),
               [&tokens](const HttpRequest&, HttpResponse& res, const QStringList&) {
                   if (auto ready = tokens.keys().databaseAnswers(); !ready)
                       return sendError(res, ready.error());
                   sendNoContent(res);
               });
    router.add(QStringLiteral("GET"), QStringLiteral("/health"),
               [&tokens](const HttpRequest& req, HttpResponse& res, const QStringList&) {
                   health(tokens, req, res);
               });
    for (const QString& path : {QStringLiteral("/oauth/token"), QStringLiteral("/auth/token")}) {
        router.add(QStringLiteral("POST"), path,
                   [&tokens](const HttpRequest& req, HttpResponse& res, const QStringList&) {
                       token(tokens, req, res);
                   });
    }
}

#include "AdminRoutes.h"

#include "HttpExchange.h"
#include "Router.h"
#include "core/CredentialJson.h"
#include "core/Rfc3339.h"
#include "service/AuthThrottle.h"
#include "service/KeyService.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace HttpExchange;

namespace {

QJsonObject projectJson(const Project& p)
{
    return {{QStringLiteral("id"), p.id},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("created_at"), Rfc3339::format(p.createdAt)}};
}

// Wraps a handler so it runs only for a valid admin token.
Router::Handler adminOnly(KeyService& keys, AuthThrottle& throttle, Router::Handler handler)
{
    return [&keys, &throttle, handler = std::move(handler)](const HttpRequest& req, HttpResponse& res,
                                                            const QStringList& params) {
        const QString source = QString::fromStdString(req.remoteAddress);
        if (const int wait = throttle.waitBeforeTrying(source))
            return sendError(res, AuthThrottle::tooManyRequests(wait));
        const std::optional<SecretBytes> token = bearerToken(req);
        if (!token || !keys.isAdminToken(*token)) {
            // A token that was sent and is wrong is a guess; a missing one is not.
            if (const int wait = token ? throttle.failed(source, {}) : 0)
                return sendError(res, AuthThrottle::tooManyRequests(wait));
            ApiError error = ApiError::unauthorized(
                "unauthorized",
                QCoreApplication::translate("AdminRoutes",
                                            "This call needs the admin token in Authorization: Bearer."));
            error.bearerChallenge = true;
            sendError(res, error);
            return;
        }
        handler(req, res, params);
    };
}

std::optional<ApiError> stringField(const QJsonObject& body, const char* name, bool required, QString& out)
{
    const QJsonValue v = body.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return ApiError::unprocessable(
                "missing_field",
                QCoreApplication::translate("AdminRoutes", "The field \u201C%1\u201D is required.")
                    .arg(QLatin1String(name)));
        return std::nullopt;
    }
    if (!v.isString())
        return ApiError::unprocessable(
            "invalid_field",
            QCoreApplication::translate("AdminRoutes", "The field \u201C%1\u201D must be a string.")
                .arg(QLatin1String(name)));
    out = v.toString();
    return std::nullopt;
}

void listProjects(KeyService& keys, HttpResponse& res)
{
    auto projects = keys.listProjects();
    if (!projects)
        return sendError(res, projects.error());
    QJsonArray items;
    for (const Project& p : projects.value())
        items.append(projectJson(p));
    sendJson(res, 200, {{QStringLiteral("projects"), items}});
}

void createProject(KeyService& keys, const HttpRequest& req, HttpResponse& res)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    QString name;
    if (auto problem = stringField(body.value(), "name", true, name))
        return sendError(res, *problem);
    auto project = keys.createProject(name);
    if (!project)
        return sendError(res, project.error());
    sendJson(res, 201, projectJson(project.value()));
}

void createKey(KeyService& keys, const QString& projectId, const HttpRequest& req, HttpResponse& res)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    KeyService::NewKey request;
    if (auto problem = stringField(body.value(), "name", true, request.name))
        return sendError(res, *problem);
    if (auto problem = stringField(body.value(), "description", false, request.description))
        return sendError(res, *problem);
    const QJsonValue days = body.value().value(QLatin1String("expires_in_days"));
    if (days.isDouble() && days.toDouble() == double(days.toInt()))
        request.expiresInDays = days.toInt();
    else if (!days.isNull() && !days.isUndefined())
        return sendError(
            res, ApiError::unprocessable(
                     "invalid_expiry",
                     QCoreApplication::translate("AdminRoutes",
                                                 "expires_in_days must be 7, 30, 90, 180, 365 or null.")));
    auto created = keys.createKey(projectId, request);
    if (!created)
        return sendError(res, created.error());
    QJsonObject json = CredentialJson::toJson(created.value().key, keys.clock().now());
    QString secret = created.value().secret.toUtf8String();
    json.insert(QStringLiteral("secret"), secret);
    SecretBytes::wipe(secret);
    res.setHeader("Cache-Control", "no-store");
    sendJson(res, 201, json);
}

void updateKey(KeyService& keys, const QStringList& params, const HttpRequest& req, HttpResponse& res)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    KeyService::KeyChange change;
    QString status;
    if (auto problem = stringField(body.value(), "status", false, status))
        return sendError(res, *problem);
    if (!status.isEmpty()) {
        change.status = keyStatusFromString(status);
        if (!change.status)
            return sendError(
                res, ApiError::unprocessable(
                         "invalid_status",
                         QCoreApplication::translate(
                             "AdminRoutes", "status must be \u201Cactive\u201D or \u201Cinactive\u201D.")));
    }
    QString description;
    if (auto problem = stringField(body.value(), "description", false, description))
        return sendError(res, *problem);
    if (body.value().contains(QLatin1String("description")))
        change.description = description;
    if (!change.status && !change.description)
        return sendError(res, ApiError::unprocessable(
                                  "missing_field",
                                  QCoreApplication::translate(
                                      "AdminRoutes", "Send \u201Cstatus\u201D or \u201Cdescription\u201D.")));
    auto updated = keys.updateKey(params.at(0), params.at(1), change);
    if (!updated)
        return sendError(res, updated.error());
    sendJson(res, 200, CredentialJson::toJson(updated.value(), keys.clock().now()));
}

} // namespace

void AdminRoutes::install(Router& router, KeyService& keys, AuthThrottle& throttle)
{
    using Req = const HttpRequest&;
    using Res = HttpResponse&;
    using Params = const QStringList&;
    router.add(QStringLiteral("GET"), QStringLiteral("/v1/projects"),
               adminOnly(keys, throttle, [&keys](Req, Res res, Params) { listProjects(keys, res); }));
    router.add(
        QStringLiteral("POST"), QStringLiteral("/v1/projects"),
        adminOnly(keys, throttle, [&keys](Req req, Res res, Params) { createProject(keys, req, res); }));
    router.add(QStringLiteral("DELETE"), QStringLiteral("/v1/projects/{}"),
               adminOnly(keys, throttle, [&keys](Req, Res res, Params p) {
                   auto done = keys.deleteProject(p.at(0));
                   done ? sendNoContent(res) : sendError(res, done.error());
               }));
    router.add(QStringLiteral("GET"), QStringLiteral("/v1/projects/{}/keys"),
               adminOnly(keys, throttle, [&keys](Req, Res res, Params p) {
                   auto list = keys.listKeys(p.at(0));
                   if (!list)
                       return sendError(res, list.error());
                   QJsonArray items;
                   const QDateTime now = keys.clock().now();
                   for (const Credential& key : list.value())
                       items.append(CredentialJson::toJson(key, now));
                   sendJson(res, 200,
                            {{QStringLiteral("keys"), items},
                             {QStringLiteral("limit"), keys.config().maxKeysPerProject}});
               }));
    router.add(QStringLiteral("POST"), QStringLiteral("/v1/projects/{}/keys"),
               adminOnly(keys, throttle,
                         [&keys](Req req, Res res, Params p) { createKey(keys, p.at(0), req, res); }));
    router.add(
        QStringLiteral("PATCH"), QStringLiteral("/v1/projects/{}/keys/{}"),
        adminOnly(keys, throttle, [&keys](Req req, Res res, Params p) { updateKey(keys, p, req, res); }));
    router.add(QStringLiteral("DELETE"), QStringLiteral("/v1/projects/{}/keys/{}"),
               adminOnly(keys, throttle, [&keys](Req, Res res, Params p) {
                   auto done = keys.deleteKey(p.at(0), p.at(1));
                   done ? sendNoContent(res) : sendError(res, done.error());
               }));
}

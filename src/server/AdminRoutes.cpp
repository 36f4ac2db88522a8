#include "AdminRoutes.h"

#include "Authorization.h"
#include "HttpExchange.h"
#include "Router.h"
#include "core/CredentialJson.h"
#include "core/Rfc3339.h"
#include "service/KeyService.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace HttpExchange;

namespace {

QJsonObject projectJson(const Project& p)
{
    return {{QStringLiteral("id"), p.id},
            {QStringLiteral("name"), p.name},
            {QStringLiteral("created_at"), Rfc3339::format(p.createdAt)},
            {QStringLiteral("key_count"), p.keyCount}};
}

void listProjects(KeyService& keys, HttpResponse& res)
{
    auto projects = keys.projects().list();
    if (!projects)
        return sendError(res, projects.error());
    QJsonArray items;
    for (const Project& p : projects.value())
        items.append(projectJson(p));
    sendJson(res, 200, {{QStringLiteral("projects"), items}});
}

void createProject(KeyService& keys, const HttpRequest& req, HttpResponse& res, const Actor& actor)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    QString name;
    if (auto problem = stringField(body.value(), "name", true, name))
        return sendError(res, *problem);
    auto project = keys.projects().create(name, actor);
    if (!project)
        return sendError(res, project.error());
    sendJson(res, 201, projectJson(project.value()));
}

void renameProject(KeyService& keys, const QString& projectId, const HttpRequest& req, HttpResponse& res,
                   const Actor& actor)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    QString name;
    if (auto problem = stringField(body.value(), "name", true, name))
        return sendError(res, *problem);
    auto project = keys.projects().rename(projectId, name, actor);
    if (!project)
        return sendError(res, project.error());
    sendJson(res, 200, projectJson(project.value()));
}

void createKey(KeyService& keys, const QString& projectId, const HttpRequest& req, HttpResponse& res,
               const Actor& actor)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    KeyService::NewKey request;
    if (auto problem = stringField(body.value(), "name", true, request.name))
        return sendError(res, *problem);
    if (auto problem = stringField(body.value(), "description", false, request.description))
        return sendError(res, *problem);
    if (auto problem = stringField(body.value(), "replaces", false, request.replaces))
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
    auto created = keys.createKey(projectId, request, actor);
    if (!created)
        return sendError(res, created.error());
    sendCreatedWithSecret(res, CredentialJson::toJson(created.value().key, keys.clock().now()), "secret",
                          created.value().secret);
}

void updateKey(KeyService& keys, const QStringList& params, const HttpRequest& req, HttpResponse& res,
               const Actor& actor)
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
            return sendError(res, ApiError::unprocessable(
                                      "invalid_status",
                                      QCoreApplication::translate("AdminRoutes",
                                                                  "status must be \u201C"
                                                                  "active\u201D or \u201Cinactive\u201D.")));
    }
    QString description;
    if (auto problem = stringField(body.value(), "description", false, description))
        return sendError(res, *problem);
    if (body.value().contains(QLatin1String("description")))
        change.description = description;
    if (!change.status && !change.description)
        return sendError(res, ApiError::unprocessable("missing_field",
                                                      QCoreApplication::translate(
                                                          "AdminRoutes", "Send \u201Cstatus\u201D or \u201C"
                                                                         "description\u201D.")));
    // Support may switch a key on or off (to stop a leak at once); editing it is an admin's.
    const Permission needed = change.description ? Permission::ManageKeys : Permission::ChangeKeyStatus;
    if (!roleAllows(actor.role, needed))
        return sendError(res, ApiError::forbidden(actor.role, needed));
    auto updated = keys.updateKey(params.at(0), params.at(1), change, actor);
    if (!updated)
        return sendError(res, updated.error());
    sendJson(res, 200, CredentialJson::toJson(updated.value(), keys.clock().now()));
}

} // namespace

void AdminRoutes::install(Router& router, KeyService& keys, const Authorization& auth)
{
    using Req = const HttpRequest&;
    using Res = HttpResponse&;
    using Params = const QStringList&;
    using Who = const Actor&;
    router.add(
        QStringLiteral("GET"), QStringLiteral("/v1/projects"),
        auth.require(Permission::Read, [&keys](Req, Res res, Params, Who) { listProjects(keys, res); }));
    router.add(QStringLiteral("POST"), QStringLiteral("/v1/projects"),
               auth.require(Permission::ManageKeys, [&keys](Req req, Res res, Params, Who who) {
                   createProject(keys, req, res, who);
               }));
    router.add(QStringLiteral("PATCH"), QStringLiteral("/v1/projects/{}"),
               auth.require(Permission::ManageKeys, [&keys](Req req, Res res, Params p, Who who) {
                   renameProject(keys, p.at(0), req, res, who);
               }));
    router.add(QStringLiteral("DELETE"), QStringLiteral("/v1/projects/{}"),
               auth.require(Permission::ManageKeys, [&keys](Req, Res res, Params p, Who who) {
                   auto done = keys.projects().remove(p.at(0), who);
                   done ? sendNoContent(res) : sendError(res, done.error());
               }));
    router.add(QStringLiteral("GET"), QStringLiteral("/v1/projects/{}/keys"),
               auth.require(Permission::Read, [&keys](Req, Res res, Params p, Who) {
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
               auth.require(Permission::ManageKeys, [&keys](Req req, Res res, Params p, Who who) {
                   createKey(keys, p.at(0), req, res, who);
               }));
    router.add(QStringLiteral("PATCH"), QStringLiteral("/v1/projects/{}/keys/{}"),
               // The permission depends on what the body changes: updateKey checks it.
               auth.require(Permission::Read, [&keys](Req req, Res res, Params p, Who who) {
                   updateKey(keys, p, req, res, who);
               }));
    router.add(QStringLiteral("DELETE"), QStringLiteral("/v1/projects/{}/keys/{}"),
               auth.require(Permission::ManageKeys, [&keys](Req, Res res, Params p, Who who) {
                   auto done = keys.deleteKey(p.at(0), p.at(1), who);
                   done ? sendNoContent(res) : sendError(res, done.error());
               }));
}

#include "PeopleRoutes.h"

#include "Authorization.h"
#include "HttpExchange.h"
#include "core/Rfc3339.h"
#include "service/PeopleDirectory.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace HttpExchange;

namespace {

QJsonObject personJson(const Person& p)
{
    return {{QStringLiteral("name"), p.name},
            {QStringLiteral("role"), roleToString(p.role)},
            {QStringLiteral("created_at"), Rfc3339::format(p.createdAt)},
            {QStringLiteral("created_by"), p.createdBy}};
}

std::optional<ApiError> roleField(const QJsonObject& body, Role& out)
{
    QString text;
    if (auto problem = stringField(body, "role", true, text))
        return problem;
    const auto role = roleFromString(text);
    if (!role)
        return ApiError::unprocessable(
            "invalid_role",
            QCoreApplication::translate("PeopleRoutes", "role must be \u201Cowner\u201D, \u201C"
                                                        "admin\u201D, "
                                                        "\u201Csupport\u201D or \u201Cviewer\u201D."));
    out = *role;
    return std::nullopt;
}

void addPerson(PeopleDirectory& people, const HttpRequest& req, HttpResponse& res, const Actor& actor)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    QString name;
    Role role = Role::Viewer;
    if (auto problem = stringField(body.value(), "name", true, name))
        return sendError(res, *problem);
    if (auto problem = roleField(body.value(), role))
        return sendError(res, *problem);
    auto added = people.add(name, role, actor);
    if (!added)
        return sendError(res, added.error());
    sendCreatedWithSecret(res, personJson(added.value().person), "token", added.value().token);
}

void changeRole(PeopleDirectory& people, const QString& name, const HttpRequest& req, HttpResponse& res,
                const Actor& actor)
{
    auto body = jsonBody(req);
    if (!body)
        return sendError(res, body.error());
    Role role = Role::Viewer;
    if (auto problem = roleField(body.value(), role))
        return sendError(res, *problem);
    auto changed = people.setRole(name, role, actor);
    if (!changed)
        return sendError(res, changed.error());
    sendJson(res, 200, personJson(changed.value()));
}

} // namespace

void PeopleRoutes::install(Router& router, PeopleDirectory& people, const Authorization& auth)
{
    using Req = const HttpRequest&;
    using Res = HttpResponse&;
    using Params = const QStringList&;
    using Who = const Actor&;
    router.add(
        QStringLiteral("GET"), QStringLiteral("/v1/me"),
        auth.require(Permission::Read, [](Req, Res res, Params, Who who) {
            sendJson(res, 200,
                     {{QStringLiteral("name"), who.name}, {QStringLiteral("role"), roleToString(who.role)}});
        }));
    router.add(QStringLiteral("GET"), QStringLiteral("/v1/users"),
               auth.require(Permission::ManagePeople, [&people](Req, Res res, Params, Who) {
                   auto list = people.list();
                   if (!list)
                       return sendError(res, list.error());
                   QJsonArray items;
                   for (const Person& p : list.value())
                       items.append(personJson(p));
                   sendJson(res, 200, {{QStringLiteral("users"), items}});
               }));
    router.add(QStringLiteral("POST"), QStringLiteral("/v1/users"),
               auth.require(Permission::ManagePeople, [&people](Req req, Res res, Params, Who who) {
                   addPerson(people, req, res, who);
               }));
    router.add(QStringLiteral("PATCH"), QStringLiteral("/v1/users/{}"),
               auth.require(Permission::ManagePeople, [&people](Req req, Res res, Params p, Who who) {
                   changeRole(people, p.at(0), req, res, who);
               }));
    router.add(QStringLiteral("DELETE"), QStringLiteral("/v1/users/{}"),
               auth.require(Permission::ManagePeople, [&people](Req, Res res, Params p, Who who) {
                   auto done = people.remove(p.at(0), who);
                   done ? sendNoContent(res) : sendError(res, done.error());
               }));
}

#include "EventRoutes.h"

#include "Authorization.h"
#include "HttpExchange.h"
#include "core/AuditEventJson.h"
#include "core/Rfc3339.h"
#include "service/AuditLog.h"
#include "service/KeyService.h"
#include "service/StorageError.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace HttpExchange;

namespace {

ApiError badParameter(const char* name, const QString& expected)
{
    return ApiError::badRequest("invalid_parameter",
                                QCoreApplication::translate("EventRoutes", "The parameter %1 must be %2.")
                                    .arg(QLatin1String(name), expected));
}

// key_id, since (RFC 3339), limit (1–1000, default 100) and before (a seq from an earlier page).
Expected<AuditLog::Query, ApiError> queryFrom(const HttpRequest& req)
{
    AuditLog::Query query;
    query.keyId = queryItem(req, QStringLiteral("key_id")).left(64);
    if (const QString since = queryItem(req, QStringLiteral("since")); !since.isEmpty()) {
        query.since = Rfc3339::parse(since);
        if (!query.since.isValid())
            return badParameter("since", QCoreApplication::translate("EventRoutes", "an RFC 3339 time"));
    }
    bool ok = true;
    if (const QString limit = queryItem(req, QStringLiteral("limit")); !limit.isEmpty()) {
        query.limit = limit.toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > AuditLog::MaxPageSize)
            return badParameter("limit", QCoreApplication::translate("EventRoutes", "a number from 1 to %1")
                                             .arg(AuditLog::MaxPageSize));
    }
    if (const QString before = queryItem(req, QStringLiteral("before")); !before.isEmpty()) {
        query.before = before.toLongLong(&ok);
        if (!ok || query.before < 1)
            return badParameter("before", QCoreApplication::translate("EventRoutes", "a positive number"));
    }
    return query;
}

void sendEvents(AuditLog& audit, const AuditLog::Query& query, HttpResponse& res)
{
    auto events = audit.list(query);
    if (!events)
        return sendError(res, storageApiError(events.error()));
    QJsonArray items;
    for (const AuditEvent& e : events.value())
        items.append(AuditEventJson::toJson(e));
    QJsonObject body{{QStringLiteral("events"), items}};
    // A full page may have more behind it: the next page starts before its last entry.
    if (events.value().size() == query.limit)
        body.insert(QStringLiteral("next_before"), events.value().last().seq);
    sendJson(res, 200, body);
}

} // namespace

void EventRoutes::install(Router& router, KeyService& keys, AuditLog& audit, const Authorization& auth)
{
    using Req = const HttpRequest&;
    using Res = HttpResponse&;
    using Params = const QStringList&;
    using Who = const Actor&;
    router.add(QStringLiteral("GET"), QStringLiteral("/v1/projects/{}/events"),
               auth.require(Permission::Read, [&keys, &audit](Req req, Res res, Params p, Who) {
                   if (auto exists = keys.projects().require(p.at(0)); !exists)
                       return sendError(res, exists.error());
                   auto query = queryFrom(req);
                   if (!query)
                       return sendError(res, query.error());
                   query.value().projectId = p.at(0);
                   sendEvents(audit, query.value(), res);
               }));
    router.add(QStringLiteral("GET"), QStringLiteral("/v1/events"),
               auth.require(Permission::ManagePeople, [&audit](Req req, Res res, Params, Who) {
                   auto query = queryFrom(req);
                   if (!query)
                       return sendError(res, query.error());
                   sendEvents(audit, query.value(), res);
               }));
}

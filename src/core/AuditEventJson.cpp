#include "AuditEventJson.h"

#include "Rfc3339.h"

#include <QCoreApplication>

namespace AuditEventJson {

QJsonObject toJson(const AuditEvent& e)
{
    QJsonObject detail = e.detail;
    if (e.count > 1 || e.role == QLatin1String("key"))
        detail.insert(QStringLiteral("count"), e.count);
    auto orNull = [](const QString& text) {
        return text.isEmpty() ? QJsonValue() : QJsonValue(text);
    };
    return {{QStringLiteral("seq"), e.seq},
            {QStringLiteral("at"), Rfc3339::format(e.at)},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("role"), e.role},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("project_id"), orNull(e.projectId)},
            {QStringLiteral("key_id"), orNull(e.keyId)},
            {QStringLiteral("source"), e.source},
            {QStringLiteral("detail"), detail}};
}

Expected<AuditEvent> fromJson(const QJsonObject& o)
{
    AuditEvent e;
    e.seq = o.value(QLatin1String("seq")).toInteger();
    e.at = Rfc3339::parse(o.value(QLatin1String("at")).toString());
    e.action = o.value(QLatin1String("action")).toString();
    if (e.seq <= 0 || !e.at.isValid() || e.action.isEmpty() || e.action.size() > 64)
        return Error(
            Error::Kind::Protocol,
            QCoreApplication::translate("AuditEventJson", "The service sent an event KeyDesk cannot read."),
            QStringLiteral("event without seq, at or action"));
    // Texts from a server are bounded before anything stores or shows them.
    const auto text = [&o](const char* name) {
        return o.value(QLatin1String(name)).toString().left(256);
    };
    e.actor = text("actor");
    e.role = text("role");
    e.projectId = text("project_id");
    e.keyId = text("key_id");
    e.source = text("source");
    e.detail = o.value(QLatin1String("detail")).toObject();
    e.count = qMax<qint64>(1, e.detail.value(QLatin1String("count")).toInteger(1));
    return e;
}

} // namespace AuditEventJson

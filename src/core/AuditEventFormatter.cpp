#include "AuditEventFormatter.h"

#include "AuditEventJson.h"
#include "CredentialFormatter.h"
#include "Rfc3339.h"
#include "TerminalText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("AuditEventFormatter", text);
}

QString detailText(const AuditEvent& e, const char* name)
{
    return e.detail.value(QLatin1String(name)).toVariant().toString();
}

QStringList fields(const AuditEvent& e)
{
    return {Rfc3339::format(e.at),
            e.actor,
            e.role,
            e.action,
            e.keyId,
            e.source,
            QString::number(e.count),
            AuditEventFormatter::describe(e)};
}

} // namespace

namespace AuditEventFormatter {

QString describe(const AuditEvent& e)
{
    const QString a = e.action;
    if (a == QLatin1String("key.used"))
        return tr("Used %1\u00D7").arg(e.count);
    if (a == QLatin1String("key.auth_failed"))
        return tr("Failed authentication %1\u00D7").arg(e.count);
    if (a == QLatin1String("key.created"))
        return detailText(e, "replaces").isEmpty()
                   ? tr("Created \u201C%1\u201D").arg(detailText(e, "name"))
                   : tr("Created \u201C%1\u201D to replace %2")
                         .arg(detailText(e, "name"), detailText(e, "replaces"));
    if (a == QLatin1String("key.rotated"))
        return tr("Rotated; successor %1").arg(detailText(e, "successor"));
    if (a == QLatin1String("key.activated"))
        return tr("Activated");
    if (a == QLatin1String("key.deactivated"))
        return tr("Deactivated");
    if (a == QLatin1String("key.described"))
        return tr("Description changed");
    if (a == QLatin1String("key.deleted"))
        return tr("Deleted");
    if (a == QLatin1String("project.created"))
        return tr("Project \u201C%1\u201D created").arg(detailText(e, "name"));
    if (a == QLatin1String("project.renamed"))
        return tr("Project renamed from \u201C%1\u201D to \u201C%2\u201D")
            .arg(detailText(e, "from"), detailText(e, "to"));
    if (a == QLatin1String("project.deleted"))
        return tr("Project \u201C%1\u201D deleted with %2 keys")
            .arg(detailText(e, "name"), detailText(e, "keys"));
    if (a == QLatin1String("user.added"))
        return tr("%1 added as %2").arg(detailText(e, "name"), detailText(e, "role"));
    if (a == QLatin1String("user.role_changed"))
        return tr("%1 changed from %2 to %3")
            .arg(detailText(e, "name"), detailText(e, "from"), detailText(e, "to"));
    if (a == QLatin1String("user.removed"))
        return tr("%1 removed").arg(detailText(e, "name"));
    if (a == QLatin1String("signing_key.rotated"))
        return tr("Token signing key rotated");
    return a; // an action newer than this app: its name says enough
}

QString table(const QList<AuditEvent>& events)
{
    const QStringList headers{QStringLiteral("WHEN"), QStringLiteral("WHO"), QStringLiteral("KEY ID"),
                              QStringLiteral("FROM"), QStringLiteral("WHAT")};
    QList<QStringList> lines{headers};
    for (const AuditEvent& e : events) {
        QStringList line{e.at.toString(QStringLiteral("yyyy-MM-dd HH:mm")), e.actor, e.keyId, e.source,
                         describe(e)};
        for (QString& field : line) // names and details come from a service: nothing may act on the terminal
            field = TerminalText::sanitized(field);
        lines << line;
    }
    return TerminalText::table(lines);
}

QString csv(const QList<AuditEvent>& events)
{
    QString out = QStringLiteral("at,actor,role,action,key_id,source,count,description\r\n");
    for (const AuditEvent& e : events) {
        QStringList line;
        for (const QString& f : fields(e))
            line << CredentialFormatter::csvField(f);
        out += line.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

QString json(const QList<AuditEvent>& events)
{
    QJsonArray items;
    for (const AuditEvent& e : events)
        items.append(AuditEventJson::toJson(e));
    return QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Indented));
}

} // namespace AuditEventFormatter

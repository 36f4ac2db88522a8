#include "TeamCommands.h"

#include "CliSession.h"
#include "core/AuditEventFormatter.h"
#include "core/Plural.h"
#include "core/TerminalText.h"
#include "net/ServiceClient.h"
#include "storage/InventoryStore.h"
#include "storage/InventoryTeam.h"
#include "usecases/ManageProject.h"
#include "usecases/ReadHistory.h"
#include "usecases/ServiceSession.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("TeamCommands", text);
}

QCommandLineOption connectionOption()
{
    return {QStringLiteral("connection"),
            QCoreApplication::translate("TeamCommands", "Connection name or id (default: Local)"),
            QCoreApplication::translate("TeamCommands", "connection")};
}

} // namespace

Expected<Connection> TeamCommands::connectionFrom(const QString& nameOrId)
{
    if (auto opened = m_session.openInventory(); !opened)
        return opened.error();
    return nameOrId.isEmpty() ? m_session.localConnection() : m_session.findConnection(nameOrId);
}

Expected<Project> TeamCommands::findProject(const Connection& connection, const QString& idOrName, bool live)
{
    Expected<QList<Project>> known = live ? Expected<QList<Project>>(m_session.sync().projects())
                                          : InventoryTeam(m_session.store()).projects(connection.id);
    if (!known)
        return known.error();
    for (const Project& p : known.value()) {
        if (p.id == idOrName || p.name.compare(idOrName, Qt::CaseInsensitive) == 0)
            return p;
    }
    return Error(Error::Kind::NotFound,
                 tr("\u201C%1\u201D has no project \u201C%2\u201D; keydesk-cli projects lists them.")
                     .arg(connection.name, idOrName));
}

int TeamCommands::listProjects()
{
    const int limit = m_session.sync().keyLimit();
    QList<QStringList> rows{{tr("KEYS"), QStringLiteral("ID"), tr("NAME")}};
    for (const Project& p : m_session.sync().projects())
        rows << QStringList{limit > 0 ? QStringLiteral("%1/%2").arg(p.keyCount).arg(limit)
                                      : QString::number(p.keyCount),
                            TerminalText::sanitized(p.id), TerminalText::sanitized(p.name)};
    m_io.out() << TerminalText::table(rows);
    m_io.out().flush();
    return int(CliExit::Ok);
}

int TeamCommands::deleteProject(const Project& project, bool confirmed)
{
    ManageProject manage(m_session.client());
    auto keys = m_session.await<QList<Credential>>([&](auto done) { manage.keysOf(project.id, done); });
    if (!keys)
        return m_io.fail(keys.error());
    const int keyCount = int(keys.value().size());
    if (keyCount > 0 && !confirmed) {
        m_io.err() << plural(keyCount, "TeamCommands",
                             QT_TRANSLATE_NOOP(
                                 "TeamCommands",
                                 "Deleting \u201C%2\u201D also deletes its %1 key, at once and for good: "
                                 "every program using it stops working. Repeat with --yes to go ahead."),
                             QT_TRANSLATE_NOOP(
                                 "TeamCommands",
                                 "Deleting \u201C%2\u201D also deletes its %1 keys, at once and for good: "
                                 "every program using them stops working. Repeat with --yes to go ahead."))
                          .arg(TerminalText::sanitized(project.name))
                   << Qt::endl;
        return int(CliExit::Usage);
    }
    auto removed = m_session.await<void>([&](auto done) { manage.remove(project.id, done); });
    if (!removed)
        return m_io.fail(removed.error());
    m_session.syncAfterChange(m_io.err());
    m_io.out() << plural(keyCount, "TeamCommands",
                         QT_TRANSLATE_NOOP("TeamCommands", "Project \u201C%2\u201D deleted with its %1 key."),
                         QT_TRANSLATE_NOOP("TeamCommands", "Project \u201C%2\u201D deleted with %1 keys."))
                      .arg(TerminalText::sanitized(project.name))
               << Qt::endl;
    return int(CliExit::Ok);
}

int TeamCommands::projects(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("List, create, rename or delete a KeyDesk service's projects."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"), tr("list (default), create, rename or delete"));
    p.addPositionalArgument(QStringLiteral("project"), tr("for rename and delete: its name or id"));
    const QCommandLineOption connection = connectionOption();
    const QCommandLineOption name(QStringLiteral("name"), tr("The new project's name"), tr("name"));
    const QCommandLineOption yes(QStringLiteral("yes"), tr("Delete a project that still has keys"));
    p.addOptions({connection, name, yes});
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    const QString action = p.positionalArguments().value(0, QStringLiteral("list"));
    if (!QStringList{QStringLiteral("list"), QStringLiteral("create"), QStringLiteral("rename"),
                     QStringLiteral("delete")}
             .contains(action))
        return m_io.usage(tr("projects takes list, create, rename or delete."));
    const bool takesAProject = action == QLatin1String("rename") || action == QLatin1String("delete");
    if (const auto extra = m_io.refuseExtraArguments(p, takesAProject ? 2 : 1))
        return *extra;
    if ((action == QLatin1String("create") || action == QLatin1String("rename")) && p.value(name).isEmpty())
        return m_io.usage(tr("projects %1 needs --name.").arg(action));
    auto target = connectionFrom(p.value(connection));
    if (!target)
        return m_io.fail(target.error());
    if (auto connected = m_session.connectService(target.value()); !connected)
        return m_io.fail(connected.error());
    if (action == QLatin1String("list"))
        return listProjects();
    ManageProject manage(m_session.client());
    if (action == QLatin1String("create")) {
        auto created = m_session.await<Project>([&](auto done) { manage.create(p.value(name), done); });
        if (!created)
            return m_io.fail(created.error());
        m_session.syncAfterChange(m_io.err());
        m_io.out() << TerminalText::sanitized(created.value().id) << Qt::endl;
        return int(CliExit::Ok);
    }
    const QString which = p.positionalArguments().value(1);
    if (which.isEmpty())
        return m_io.usage(tr("Name the project by its name or id."));
    auto project = findProject(target.value(), which, true);
    if (!project)
        return m_io.fail(project.error());
    if (action == QLatin1String("delete"))
        return deleteProject(project.value(), p.isSet(yes));
    auto renamed =
        m_session.await<Project>([&](auto done) { manage.rename(project.value().id, p.value(name), done); });
    if (!renamed)
        return m_io.fail(renamed.error());
    m_session.syncAfterChange(m_io.err());
    m_io.out() << tr("Project %1 is now \u201C%2\u201D.")
                      .arg(TerminalText::sanitized(renamed.value().id),
                           TerminalText::sanitized(renamed.value().name))
               << Qt::endl;
    return int(CliExit::Ok);
}

int TeamCommands::events(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Show the audit trail: who did what, when and from where."));
    p.addHelpOption();
    const QCommandLineOption connection = connectionOption();
    const QCommandLineOption key(QStringLiteral("key"), tr("Only this key's events (key id or name)"),
                                 tr("key"));
    const QCommandLineOption project(QStringLiteral("project"), tr("Only this project's events (name or id)"),
                                     tr("project"));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   tr("At most this many events, newest first (default 50)"), tr("n"),
                                   QStringLiteral("50"));
    const QCommandLineOption format(QStringLiteral("format"), tr("table, json or csv"), tr("format"),
                                    QStringLiteral("table"));
    p.addOptions({connection, key, project, limit, format});
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    if (const auto extra = m_io.refuseExtraArguments(p, 0))
        return *extra;
    bool ok = false;
    const int count = p.value(limit).toInt(&ok);
    if (!ok || count < 1 || count > 1000)
        return m_io.usage(tr("--limit must be a number from 1 to 1000."));
    const QString f = p.value(format);
    if (f != QLatin1String("table") && f != QLatin1String("json") && f != QLatin1String("csv"))
        return m_io.usage(tr("--format must be table, json or csv."));
    if (auto opened = m_session.openInventory(); !opened)
        return m_io.fail(opened.error());

    ServiceClient::EventQuery query;
    query.limit = count;
    Connection target;
    if (p.isSet(key)) {
        auto found = m_session.findTarget(p.value(key));
        if (!found)
            return m_io.fail(found.error());
        target = found.value().connection;
        query.keyId = found.value().credential.keyId;
        query.projectId = found.value().credential.project;
    } else {
        auto c = connectionFrom(p.value(connection));
        if (!c)
            return m_io.fail(c.error());
        target = c.value();
    }
    QList<AuditEvent> events;
    if (auto connected = m_session.connectService(target); connected) {
        if (p.isSet(project)) {
            auto found = findProject(target, p.value(project), true);
            if (!found)
                return m_io.fail(found.error());
            query.projectId = found.value().id;
        }
        auto fresh = m_session.await<QList<AuditEvent>>([&](auto done) {
            ReadHistory(m_session.store()).fetch(m_session.client(), target.id, query, done);
        });
        if (!fresh)
            return m_io.fail(fresh.error());
        events = fresh.value();
    } else {
        // Offline: what this computer saw before.
        auto kept = ReadHistory(m_session.store()).kept(target.id, query.keyId, count);
        if (!kept)
            return m_io.fail(kept.error());
        events = kept.value();
        m_io.err() << tr("%1 cannot be reached (%2); these are the events seen before.")
                          .arg(TerminalText::sanitized(target.name),
                               TerminalText::sanitized(connected.error().message()))
                   << Qt::endl;
    }
    if (f == QLatin1String("json"))
        m_io.printData(AuditEventFormatter::json(events));
    else if (f == QLatin1String("csv"))
        m_io.printData(AuditEventFormatter::csv(events));
    else
        m_io.out() << AuditEventFormatter::table(events);
    m_io.out().flush();
    return int(CliExit::Ok);
}

int TeamCommands::whoami(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("Who you are signed in as on a KeyDesk service, and what your role allows."));
    p.addHelpOption();
    const QCommandLineOption connection = connectionOption();
    p.addOption(connection);
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    if (const auto extra = m_io.refuseExtraArguments(p, 0))
        return *extra;
    auto target = connectionFrom(p.value(connection));
    if (!target)
        return m_io.fail(target.error());
    if (auto connected = m_session.connectService(target.value()); !connected)
        return m_io.fail(connected.error());
    const ServiceClient::Identity me = m_session.sync().identity();
    m_io.out() << tr("%1 on %2, role %3")
                      .arg(TerminalText::sanitized(me.name), TerminalText::sanitized(target.value().name),
                           roleToString(me.role)) // as --role spells it
               << Qt::endl;
    return int(CliExit::Ok);
}

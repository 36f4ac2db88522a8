#include "KeyCommands.h"

#include "CliSession.h"
#include "TeamCommands.h"
#include "core/CredentialFormatter.h"
#include "core/SecretStore.h"
#include "core/TerminalText.h"
#include "storage/InventoryQuery.h"
#include "storage/InventoryStore.h"
#include "usecases/ChangeKeyStatus.h"
#include "usecases/CreateKey.h"
#include "usecases/DeleteCredential.h"
#include "usecases/KeepNewSecret.h"
#include "usecases/RotateKey.h"
#include "usecases/ServiceSession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("KeyCommands", text);
}

} // namespace

int KeyCommands::run(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("List, create, rotate, deactivate, activate or delete keys."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"),
                            tr("list (default), create, deactivate, activate, rotate or delete"));
    p.addPositionalArgument(QStringLiteral("key-id"),
                            tr("key id or name, for rotate, deactivate, activate and delete"));
    const QCommandLineOption connection(QStringLiteral("connection"),
                                        tr("Connection name or id (list: every connection; create: Local)"),
                                        tr("connection"));
    const QCommandLineOption format(QStringLiteral("format"), tr("table, json or csv"), tr("format"),
                                    QStringLiteral("table"));
    const QCommandLineOption name(QStringLiteral("name"), tr("Key name"), tr("name"));
    const QCommandLineOption description(QStringLiteral("description"), tr("Key description"), tr("text"));
    const QCommandLineOption expires(QStringLiteral("expires"),
                                     tr("7, 30, 90, 180, 365 or never (default 30)"), tr("days"),
                                     QStringLiteral("30"));
    const QCommandLineOption noStore(QStringLiteral("no-store"),
                                     tr("Do not keep the secret in the OS keychain"));
    const QCommandLineOption offline(
        QStringLiteral("offline"),
        tr("list: show what is kept on this computer, without asking the services"));
    const QCommandLineOption project(QStringLiteral("project"),
                                     tr("Project name or id (default: the service's first project)"),
                                     tr("project"));
    p.addOptions({connection, format, name, description, expires, noStore, project, offline});
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    if (auto opened = m_session.openInventory(); !opened)
        return m_io.fail(opened.error());
    const QString action = p.positionalArguments().value(0, QStringLiteral("list"));
    const bool takesAKey = action != QLatin1String("list") && action != QLatin1String("create");
    if (const auto extra = m_io.refuseExtraArguments(p, takesAKey ? 2 : 1))
        return *extra;

    if (action == QLatin1String("list")) {
        InventoryQuery q;
        if (p.isSet(connection)) {
            auto c = m_session.findConnection(p.value(connection));
            if (!c)
                return m_io.fail(c.error());
            q.connectionId = c.value().id;
        }
        if (p.isSet(project)) {
            auto c =
                q.connectionId ? m_session.store().connection(*q.connectionId) : m_session.localConnection();
            if (!c)
                return m_io.fail(c.error());
            auto found = m_team.findProject(c.value(), p.value(project), false);
            if (!found)
                return m_io.fail(found.error());
            q.connectionId = c.value().id;
            q.projectId = found.value().id;
        }
        // Asked of the services first (the one named, or each): a key made elsewhere is listed too. One that
        // cannot be reached is said on stderr and the exit status, and what was kept from it is shown.
        bool refreshFailed = false;
        if (!p.isSet(offline)) {
            auto listed = m_session.store().connections();
            if (!listed)
                return m_io.fail(listed.error());
            for (const Connection& c : listed.value()) {
                if (c.kind != Connection::Kind::KeyDeskService || (q.connectionId && *q.connectionId != c.id))
                    continue;
                if (auto refreshed = m_session.connectService(c); !refreshed) {
                    refreshFailed = true;
                    m_io.err() << "keydesk-cli: "
                               << tr("%1 could not be refreshed; its keys are shown as last seen: %2")
                                      .arg(TerminalText::sanitized(c.name),
                                           TerminalText::sanitized(refreshed.error().message()))
                               << Qt::endl;
                }
            }
        }
        auto rows = m_session.store().credentials(q);
        auto all = m_session.store().connections();
        if (!rows || !all)
            return m_io.fail(!rows ? rows.error() : all.error());
        QHash<qint64, QString> names;
        for (const Connection& c : all.value())
            names.insert(c.id, c.name);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString f = p.value(format);
        if (f == QLatin1String("json"))
            m_io.printData(CredentialFormatter::json(rows.value(), names, now));
        else if (f == QLatin1String("csv"))
            m_io.printData(CredentialFormatter::csv(rows.value(), names, now));
        else if (f == QLatin1String("table"))
            m_io.out() << CredentialFormatter::table(rows.value(), names, now);
        else
            return m_io.usage(tr("--format must be table, json or csv."));
        return int(refreshFailed ? CliExit::Network : CliExit::Ok);
    }

    auto target =
        p.isSet(connection) ? m_session.findConnection(p.value(connection)) : m_session.localConnection();
    if (!target)
        return m_io.fail(target.error());
    if (action == QLatin1String("create")) {
        CreateKey::Request request{p.value(name), p.value(description), std::nullopt, QString()};
        if (p.value(expires) != QLatin1String("never")) {
            bool ok = false;
            request.expiresInDays = p.value(expires).toInt(&ok);
            if (!ok)
                return m_io.usage(tr("--expires must be 7, 30, 90, 180, 365 or never."));
        }
        if (auto checked = CreateKey::check(request); !checked)
            return m_io.usage(checked.error().message());
        if (auto connected = m_session.connectService(target.value()); !connected)
            return m_io.fail(connected.error());
        QString projectId = m_session.sync().projectId();
        if (p.isSet(project)) {
            auto found = m_team.findProject(target.value(), p.value(project), true);
            if (!found)
                return m_io.fail(found.error());
            projectId = found.value().id;
        }
        CreateKey create(m_session.client(), projectId);
        create.attachTo(target.value());
        auto created =
            m_session.await<ServiceClient::CreatedKey>([&](auto done) { create.run(request, done); });
        if (!created)
            return m_io.fail(created.error());
        const int printed =
            printCreatedKey(created.value(), !p.isSet(noStore), QString()); // first: it exists
        m_session.syncAfterChange(m_io.err());
        return printed;
    }
    if (action != QLatin1String("deactivate") && action != QLatin1String("activate") &&
        action != QLatin1String("delete") && action != QLatin1String("rotate"))
        return m_io.usage(tr("keys takes list, create, deactivate, activate, rotate or delete."));
    const QString keyId = p.positionalArguments().value(1);
    if (keyId.isEmpty())
        return m_io.usage(tr("Name the key by its key id."));
    // --connection narrows the lookup: nothing is ever changed on a connection the user did not name.
    std::optional<qint64> on;
    if (p.isSet(connection)) {
        auto named = m_session.findConnection(p.value(connection));
        if (!named)
            return m_io.fail(named.error());
        on = named.value().id;
    }
    if (action == QLatin1String("rotate"))
        return rotate(keyId, !p.isSet(noStore), on);
    if (action == QLatin1String("delete"))
        return deleteCredential(keyId, on);
    auto key = m_session.resolve(keyId, on);
    if (!key)
        return m_io.fail(key.error());
    if (const auto refused = onlyOnAService(key.value()))
        return *refused;
    const KeyStatus status = action == QLatin1String("activate") ? KeyStatus::Active : KeyStatus::Inactive;
    ChangeKeyStatus change(m_session.services());
    auto changed =
        m_session.await<Credential>([&](auto done) { change.run(key.value().credential, status, done); });
    if (!changed)
        return m_io.fail(changed.error());
    m_io.out() << tr("%1: %2").arg(keyId, action + QStringLiteral("d")) << Qt::endl;
    return int(CliExit::Ok);
}

int KeyCommands::rotate(const QString& keyIdOrName, bool keepSecret, std::optional<qint64> connectionId)
{
    auto old = m_session.resolve(keyIdOrName, connectionId);
    if (!old)
        return m_io.fail(old.error());
    if (const auto refused = onlyOnAService(old.value()))
        return *refused;
    RotateKey rotation(m_session.store(), m_session.services());
    auto created = m_session.await<ServiceClient::CreatedKey>(
        [&](auto done) { rotation.createSuccessor(old.value().credential, done); });
    if (!created)
        return m_io.fail(created.error());
    return printCreatedKey(
        created.value(), keepSecret,
        tr("%1 keeps working. Once %2 is deployed everywhere: keydesk-cli keys deactivate %1")
            .arg(old.value().credential.keyId, created.value().key.keyId));
}

std::optional<int> KeyCommands::onlyOnAService(const CredentialTarget& target)
{
    if (target.connection.kind == Connection::Kind::KeyDeskService)
        return std::nullopt;
    // Not "not connected" (exit 3): there is nothing to connect to. Its vendor switches it off or issues a
    // new one.
    return m_io.usage(
        tr("\u201C%1\u201D is a provider credential: it is deactivated or rotated at its vendor, not "
           "here. A new secret from the vendor replaces the kept one with keydesk-cli import.")
            .arg(TerminalText::sanitized(target.credential.name)));
}

int KeyCommands::printCreatedKey(const ServiceClient::CreatedKey& created, bool keepSecret,
                                 const QString& next)
{
    const Credential& key = created.key;
    m_io.out() << "key_id: " << key.keyId << "\nsecret: " << created.secret.toUtf8String() << Qt::endl;
    KeepNewSecret keeping(m_session.store(), &m_session.keychain());
    if (!keepSecret) {
        keeping.record(key, false); // so deleting it does no keychain work
        m_io.err() << tr("The secret is shown once; it is kept nowhere and cannot be shown again.")
                   << Qt::endl;
    } else {
        auto stored =
            m_session.await<void>([&](auto done) { keeping.keep(key, created.secret, std::move(done)); });
        if (!stored) {
            m_io.err() << tr("The key was created but its secret is NOT in the OS keychain: copy it from "
                             "above now; it cannot be shown again.")
                       << Qt::endl;
            return m_io.fail(stored.error());
        }
        // Not "cannot be shown again": it can, by whoever may read this keychain.
        m_io.err()
            << tr("Secret kept in the OS keychain; keydesk-cli read %1:secret --reveal shows it again.")
                   .arg(key.keyId)
            << Qt::endl;
    }
    if (!next.isEmpty())
        m_io.err() << next << Qt::endl;
    return int(CliExit::Ok);
}

int KeyCommands::deleteCredential(const QString& keyIdOrName, std::optional<qint64> connectionId)
{
    auto target = m_session.resolve(keyIdOrName, connectionId);
    if (!target)
        return m_io.fail(target.error());
    DeleteCredential remove(m_session.store(), &m_session.keychain(), m_session.services());
    auto outcome =
        m_session.await<DeleteCredential::Outcome>([&](auto done) { remove.run(target.value(), done); });
    if (!outcome)
        return m_io.fail(outcome.error());
    if (target.value().connection.kind == Connection::Kind::KeyDeskService)
        m_session.syncAfterChange(m_io.err());
    if (outcome.value().secretLeftBehind) {
        m_io.err() << "keydesk-cli: " << TerminalText::sanitized(outcome.value().message) << Qt::endl;
        return int(CliExit::Keychain);
    }
    m_io.out() << TerminalText::sanitized(outcome.value().message) << Qt::endl;
    return int(CliExit::Ok);
}

#include "CliSession.h"

#include "core/LocalService.h"
#include "core/SecretStore.h"
#include "core/TerminalText.h"
#include "net/ServiceClient.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"
#include "storage/Settings.h"
#include "usecases/RequestToken.h"
#include "usecases/ServiceSession.h"

#include <QCoreApplication>
#include <QDir>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTextStream>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("KeyDeskCli", text);
}

} // namespace

CliSession::CliSession(LocalServiceFactory makeLocalService) : m_makeLocalService(std::move(makeLocalService))
{}

CliSession::~CliSession() = default;

Expected<void> CliSession::openInventory()
{
    if (m_station)
        return {};
    Workstation::Parts parts;
    parts.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    parts.local = m_makeLocalService();
    auto station = std::make_unique<Workstation>(std::move(parts));
    // A keychain dialog the command waits on is said at once: a silent terminal looks like a hang.
    station->setKeychainPromptNotice([](const QString& notice) {
        QTextStream(stderr) << "keydesk-cli: " << TerminalText::sanitized(notice) << Qt::endl;
    });
    if (auto opened = station->open(); !opened)
        return opened;
    // A secret that could not be moved yet is still under its old name; the next command tries again.
    for (const QString& problem : station->migrateKeychain())
        qWarning("keydesk-cli: %s", qPrintable(TerminalText::sanitized(problem)));
    m_station = std::move(station);
    return {};
}

Expected<Connection> CliSession::findConnection(const QString& nameOrId)
{
    auto all = store().connections();
    if (!all)
        return all.error();
    for (const Connection& c : all.value()) {
        if (c.name == nameOrId || QString::number(c.id) == nameOrId)
            return c;
    }
    return Error(Error::Kind::NotFound,
                 tr("There is no connection \u201C%1\u201D (see keydesk-cli connections).").arg(nameOrId));
}

Expected<Credential> CliSession::findCredential(const QString& keyIdOrName,
                                                std::optional<qint64> connectionId)
{
    // The inventory's search narrows (an exact key id or name contains itself); the loop below decides.
    InventoryQuery bySearch;
    bySearch.search = keyIdOrName;
    bySearch.connectionId = connectionId;
    auto all = store().credentials(bySearch);
    if (!all)
        return all.error();
    QList<Credential> matches;
    for (const Credential& c : all.value()) {
        if (c.keyId == keyIdOrName || c.name == keyIdOrName)
            matches << c;
    }
    const int slash = keyIdOrName.lastIndexOf(QLatin1Char('/'));
    if (matches.isEmpty() && !connectionId && slash > 0) {
        // CONNECTION/NAME (names have no '/'; a connection's may): the name on that connection.
        if (auto connection = findConnection(keyIdOrName.left(slash)))
            return findCredential(keyIdOrName.mid(slash + 1), connection.value().id);
    }
    if (matches.isEmpty())
        return Error(Error::Kind::NotFound,
                     tr("No credential has the key id or name \u201C%1\u201D.").arg(keyIdOrName));
    if (matches.size() > 1) {
        // Never a guess: the candidates, so the user can say which with --connection or the key id.
        QStringList candidates;
        for (const Credential& c : matches) {
            auto connection = findConnection(QString::number(c.connectionId));
            candidates << tr("%1 on %2").arg(c.keyId, connection ? connection.value().name : QString());
        }
        return Error(Error::Kind::InvalidInput,
                     tr("\u201C%1\u201D names several credentials: %2. Add --connection, write "
                        "CONNECTION/%1, or use the key id.")
                         .arg(keyIdOrName, candidates.join(QStringLiteral(", "))));
    }
    return matches.first();
}

Expected<CliSession::Target> CliSession::findTarget(const QString& keyIdOrName,
                                                    std::optional<qint64> connectionId)
{
    if (auto opened = openInventory(); !opened)
        return opened.error();
    auto credential = findCredential(keyIdOrName, connectionId);
    if (!credential)
        return credential.error();
    auto connection = findConnection(QString::number(credential.value().connectionId));
    if (!connection)
        return connection.error();
    return Target{credential.value(), connection.value()};
}

Expected<SecretBytes> CliSession::readSecret(const QString& account)
{
    return await<SecretBytes>([&](auto done) { keychain().readSecret(account, done); });
}

Expected<Connection> CliSession::localConnection()
{
    if (auto opened = openInventory(); !opened)
        return opened.error();
    return store().connection(m_station->localConnectionId());
}

Expected<void> CliSession::connectService(const Connection& connection)
{
    if (auto opened = openInventory(); !opened)
        return opened;
    if (m_sync && m_sync->connectionId() == connection.id)
        return {}; // connected already in this run
    auto session = await<ServiceSession*>([&](auto done) { m_station->connect(connection, done); });
    if (!session)
        return session.error();
    m_sync = session.value();
    return await<void>([&](auto done) { m_sync->refresh(done); });
}

void CliSession::syncAfterChange(QTextStream& err)
{
    if (auto synced = await<void>([&](auto done) { m_sync->refresh(done); }); !synced)
        err << "keydesk-cli: "
            << TerminalText::sanitized(
                   tr("Done, but this computer's copy of the keys could not be brought up "
                      "to date (%1); the next command that reaches the service tries "
                      "again.")
                       .arg(synced.error().message()))
            << Qt::endl;
}

ServiceClient& CliSession::client()
{
    return m_sync->client();
}

Expected<CredentialTarget> CliSession::resolve(const QString& keyIdOrName, std::optional<qint64> connectionId)
{
    auto found = findTarget(keyIdOrName, connectionId);
    if (!found)
        return found.error();
    return resolve(found.value());
}

Expected<CredentialTarget> CliSession::resolve(const Target& found)
{
    if (found.connection.kind == Connection::Kind::KeyDeskService) {
        if (auto connected = connectService(found.connection); !connected)
            return connected.error();
    }
    return CredentialTarget::resolve(found.credential, store(), services());
}

Expected<AccessToken> CliSession::requestToken(const CredentialTarget& target)
{
    TokenClient tokens(network());
    tokens.setDeadlineMs(deadlineMs());
    RequestToken request(keychain(), tokens);
    return await<AccessToken>([&](auto done) { request.run(target, done); });
}

int CliSession::deadlineMs() const
{
    return m_station ? m_station->settings().requestDeadlineMs() : Settings().requestDeadlineMs();
}

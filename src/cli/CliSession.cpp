#include "CliSession.h"

#include "core/TerminalText.h"
#include "net/InventorySync.h"
#include "net/ServiceClient.h"
#include "net/TokenClient.h"
#include "server/EmbeddedService.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/MigrateKeychainNames.h"
#include "usecases/RequestToken.h"

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

CliSession::CliSession() = default;

CliSession::~CliSession()
{
    m_sync.reset();
    m_client.reset();
    // Close our idle keep-alive connections first: the service's workers otherwise wait out their
    // keep-alive timeout (5 s) before it can stop.
    if (m_network)
        m_network->clearConnectionCache();
    if (m_embedded)
        m_embedded->stop();
}

Expected<void> CliSession::openInventory()
{
    if (m_store)
        return {};
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    m_store = std::make_unique<InventoryStore>();
    m_keychain = std::make_unique<KeychainSecretStore>();
    m_keychain->setDeadlineMs(Settings().keychainDeadlineMs());
    // A keychain dialog the command waits on is said at once: a silent terminal looks like a hang.
    m_keychain->setPromptNotice([](const QString& notice) {
        QTextStream(stderr) << "keydesk-cli: " << TerminalText::sanitized(notice) << Qt::endl;
    });
    m_network = std::make_unique<QNetworkAccessManager>();
    if (auto opened = m_store->open(QDir(dataDir).filePath(QStringLiteral("inventory.sqlite"))); !opened)
        return opened;
    // Local exists from the first command on, as in the app: `connections` lists it and keydesk://Local/…
    // names it before any key was made there.
    if (auto local = localConnection(); !local)
        return local.error();
    migrateKeychainNames();
    return {};
}

void CliSession::migrateKeychainNames()
{
    if (!MigrateKeychainNames::isDue(*m_store))
        return; // the usual case: no keychain round trip at all
    MigrateKeychainNames migration(*m_store, *m_keychain);
    std::optional<MigrateKeychainNames::Report> report;
    QEventLoop loop;
    migration.run([&](MigrateKeychainNames::Report r) {
        report = std::move(r);
        loop.quit();
    });
    if (!report)
        loop.exec();
    // A secret that could not be moved yet is still under its old name; the next command tries again.
    for (const QString& problem : report->problems)
        qWarning("keydesk-cli: %s", qPrintable(TerminalText::sanitized(problem)));
}

Expected<Connection> CliSession::findConnection(const QString& nameOrId)
{
    auto all = m_store->connections();
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
    auto all = m_store->credentials(bySearch);
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
    return await<SecretBytes>([&](auto done) { m_keychain->readSecret(account, done); });
}

Expected<Connection> CliSession::localConnection()
{
    auto all = m_store->connections();
    if (!all)
        return all.error();
    for (const Connection& c : all.value()) {
        if (c.embedded)
            return c;
    }
    Connection local;
    local.name = QStringLiteral("Local"); // in every language: Connection::displayName translates it
    local.embedded = true;
    auto id = m_store->addConnection(local);
    if (!id)
        return id.error();
    return m_store->connection(id.value()); // with the uid the inventory gave it
}

Expected<void> CliSession::connectService(const Connection& connection)
{
    if (connection.kind != Connection::Kind::KeyDeskService)
        return Error(Error::Kind::InvalidInput,
                     tr("\u201C%1\u201D is not a KeyDesk service connection.").arg(connection.name));
    if (m_sync && m_sync->connectionId() == connection.id)
        return {}; // connected already in this run
    QUrl url = connection.url;
    SecretBytes adminToken;
    if (connection.embedded) {
        m_embedded = std::make_unique<EmbeddedService>();
        if (auto started =
                m_embedded->start(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
            !started)
            return started;
        url = m_embedded->url();
        adminToken = m_embedded->adminToken();
    } else {
        auto token = readSecret(connection.tokenAccount());
        if (!token)
            return token.error();
        adminToken = token.value();
    }
    m_client = std::make_unique<ServiceClient>(m_network.get(), url, adminToken);
    m_client->setDeadlineMs(deadlineMs());
    m_sync = std::make_unique<InventorySync>(*m_client, *m_store, connection.id);
    return await<void>([&](auto done) { m_sync->refresh(done); });
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
    return CredentialTarget::resolve(found.credential, *m_store, *this);
}

Expected<AccessToken> CliSession::requestToken(const CredentialTarget& target)
{
    TokenClient tokens(m_network.get());
    tokens.setDeadlineMs(deadlineMs());
    RequestToken request(*m_keychain, tokens);
    return await<AccessToken>([&](auto done) { request.run(target, done); });
}

int CliSession::deadlineMs() const
{
    return Settings().requestDeadlineMs();
}

InventorySync* CliSession::serviceFor(qint64 connectionId)
{
    return m_sync && m_sync->connectionId() == connectionId ? m_sync.get() : nullptr;
}

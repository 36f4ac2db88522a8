#include "Workstation.h"

#include "MigrateKeychainNames.h"
#include "RelabelKeychainEntries.h"
#include "ServiceSessions.h"
#include "core/LocalService.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>
#include <optional>

Workstation::Workstation(Parts parts)
    : m_dataDir(std::move(parts.dataDir)),
      m_settings(parts.settingsFile.isEmpty() ? std::make_unique<Settings>()
                                              : std::make_unique<Settings>(parts.settingsFile)),
      m_store(std::make_unique<InventoryStore>()), m_network(std::make_unique<QNetworkAccessManager>()),
      m_local(std::move(parts.local))
{
    if (parts.keychain) {
        m_keychain = parts.keychain;
    } else {
        m_systemKeychain = std::make_unique<KeychainSecretStore>();
        m_systemKeychain->setDeadlineMs(m_settings->keychainDeadlineMs());
        m_keychain = m_systemKeychain.get();
    }
    m_sessions =
        std::make_unique<ServiceSessions>(*m_store, m_network.get(), m_settings->requestDeadlineMs());
}

Workstation::~Workstation()
{
    m_relabel.reset();
    m_sessions.reset();
    // Close idle keep-alive connections first, or the local service's workers wait out their keep-alive
    // (5 s) before it can stop.
    m_network->clearConnectionCache();
    if (m_local && m_localStarted)
        m_local->stop();
}

Expected<void> Workstation::createDataFolder()
{
    if (!QDir().mkpath(m_dataDir))
        return Error(Error::Kind::Storage,
                     QCoreApplication::translate("Workstation", "Cannot create the data folder %1.")
                         .arg(QDir::toNativeSeparators(m_dataDir)));
    QFile::setPermissions(m_dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return {};
}

Expected<void> Workstation::open()
{
    if (auto folder = createDataFolder(); !folder)
        return folder;
    if (auto opened = m_store->open(QDir(m_dataDir).filePath(QStringLiteral("inventory.sqlite"))); !opened)
        return opened;
    // Local exists from the first start on: the app lists it, keydesk-cli connections too, and
    // keydesk://Local/… names it before any key was made there.
    auto local = ensureLocalConnection();
    if (!local)
        return local.error();
    m_localConnectionId = local.value();
    return {};
}

Expected<qint64> Workstation::ensureLocalConnection()
{
    auto connections = m_store->connections();
    if (!connections)
        return connections.error();
    for (const Connection& c : connections.value()) {
        if (c.kind == Connection::Kind::KeyDeskService && c.embedded)
            return c.id;
    }
    Connection row;
    row.name = QStringLiteral("Local"); // in every language: Connection::displayName translates it
    row.kind = Connection::Kind::KeyDeskService;
    row.embedded = true;
    return m_store->addConnection(row);
}

Expected<void> Workstation::checkKeychain(int waitMs)
{
    if (!m_systemKeychain)
        return {}; // a test's store is there by construction
    // The answer may come after the wait has ended (a hung bus): it then lands in shared state, never in
    // this stack frame.
    auto answer = std::make_shared<std::optional<Expected<void>>>();
    QEventLoop wait;
    QPointer<QEventLoop> waiting(&wait);
    m_systemKeychain->checkReachable([answer, waiting](Expected<void> reachable) {
        *answer = std::move(reachable);
        if (waiting)
            waiting->quit();
    });
    QTimer::singleShot(waitMs, &wait, &QEventLoop::quit);
    if (!answer->has_value())
        wait.exec();
    if (!answer->has_value() || answer->value().ok())
        return {}; // no answer in time is not proof of absence: a slow bus may still work
    m_keychain = nullptr;
    return answer->value().error();
}

QStringList Workstation::migrateKeychain()
{
    if (!m_keychain)
        return {};
    QStringList problems;
    if (MigrateKeychainNames::isDue(*m_store, m_settings.get())) {
        MigrateKeychainNames migration(*m_store, *m_keychain, m_settings.get());
        std::optional<MigrateKeychainNames::Report> report;
        QEventLoop wait;
        migration.run([&](MigrateKeychainNames::Report r) {
            report = std::move(r);
            wait.quit();
        });
        if (!report)
            wait.exec();
        problems = report->problems;
    }
    return problems;
}

void Workstation::relabelKeychainEntries()
{
    if (m_keychain && !m_relabel && !m_settings->value(Settings::Key::KeychainEntriesLabelled).toBool()) {
        m_relabel = std::make_unique<RelabelKeychainEntries>(*m_store, *m_keychain);
        m_relabel->run([settings = m_settings.get()](const RelabelKeychainEntries::Report& report) {
            if (report.problems.isEmpty())
                settings->setValue(Settings::Key::KeychainEntriesLabelled, true);
        });
    }
}

Expected<void> Workstation::startLocalService()
{
    if (!m_localStarted) {
        if (auto started = m_local->start(m_dataDir); !started)
            return started;
        m_localStarted = true;
    }
    if (!m_sessions->serviceFor(m_localConnectionId))
        m_sessions->open(m_localConnectionId, m_local->url(), m_local->adminToken());
    return {};
}

void Workstation::openRemembered(std::function<void(QStringList)> done)
{
    if (!m_keychain)
        return done({});
    m_sessions->openRemembered(*m_keychain, std::move(done));
}

void Workstation::connect(const Connection& connection, std::function<void(Expected<ServiceSession*>)> done)
{
    if (connection.kind != Connection::Kind::KeyDeskService)
        return done(
            Error(Error::Kind::InvalidInput,
                  QCoreApplication::translate("Workstation", "\u201C%1\u201D is not a KeyDesk service "
                                                             "connection.")
                      .arg(connection.name)));
    if (ServiceSession* open = m_sessions->serviceFor(connection.id))
        return done(open);
    if (connection.embedded) {
        if (auto started = startLocalService(); !started)
            return done(started.error());
        return done(m_sessions->serviceFor(connection.id));
    }
    if (!m_keychain)
        return done(
            Error(Error::Kind::KeychainUnavailable,
                  QCoreApplication::translate("Workstation", "Your token for %1 is in the OS keychain, "
                                                             "which cannot be reached.")
                      .arg(connection.name)));
    m_sessions->openFromKeychain(connection, *m_keychain, std::move(done));
}

void Workstation::setKeychainPromptNotice(std::function<void(const QString&)> notice)
{
    if (m_systemKeychain)
        m_systemKeychain->setPromptNotice(std::move(notice));
}

// keydesk: the desktop app. Starts the embedded service, opens the team servers connected earlier, opens the
// inventory and shows the main window. All logic lives in keydesk-core and keydesk-gui.
#include "core/ProcessHardening.h"
#include "gui/AppIcons.h"
#include "gui/AppTranslations.h"
#include "gui/Clipboard.h"
#include "gui/ExpiryReminder.h"
#include "gui/IdleWatcher.h"
#include "gui/MainWindow.h"
#include "gui/PreferencesDialog.h"
#include "gui/PrivacyLock.h"
#include "gui/SessionLockWatcher.h"
#include "gui/SingleInstance.h"
#include "gui/StartupProbe.h"
#include "gui/TrayIcon.h"
#include "server/EmbeddedService.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/MigrateKeychainNames.h"
#include "usecases/RelabelKeychainEntries.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>
#include <cstdio>
#include <memory>
#include <optional>

namespace {

int fail(const QString& title, const QString& message)
{
    std::fprintf(stderr, "keydesk: %s\n", qPrintable(message));
    QMessageBox::critical(nullptr, title, message);
    return 1;
}

// The inventory's row for the local service, created on first use.
Expected<qint64> localConnection(InventoryStore& store)
{
    auto connections = store.connections();
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
    return store.addConnection(row);
}

// Runs the one-time move of keychain entries to their current names (inventory schema v7), if any is due.
void migrateKeychainNames(InventoryStore& store, SecretStore& keychain, Settings& settings)
{
    if (!MigrateKeychainNames::isDue(store, &settings))
        return;
    MigrateKeychainNames migration(store, keychain, &settings);
    QEventLoop wait;
    migration.run([&wait](const MigrateKeychainNames::Report& report) {
        for (const QString& problem : report.problems)
            std::fprintf(stderr, "keydesk: %s\n", qPrintable(problem));
        wait.quit();
    });
    wait.exec();
}

} // namespace

int main(int argc, char* argv[])
{
    ProcessHardening::apply();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("KeyDesk"));
    QApplication::setApplicationName(QStringLiteral("KeyDesk"));
    QApplication::setApplicationVersion(QStringLiteral(KEYDESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.keydesk.KeyDesk"));
    QApplication::setWindowIcon(AppIcons::application()); // every window and dialog, not only the main one

    // The language chosen in Preferences, or the system's (a hand-edited code we have no catalogue for is
    // ignored).
    Settings settings;
    const QString language = settings.value(Settings::Key::Language).toString();
    for (const auto& [code, name] : PreferencesDialog::languages())
        if (code == language)
            QLocale::setDefault(QLocale(language));
    const AppTranslations translations{QLocale()};

    QCommandLineParser options;
    options.setApplicationDescription(QObject::tr(
        "KeyDesk keeps API keys and OAuth2 client credentials: it creates, rotates and deactivates "
        "keys at a KeyDesk service, gets and tests tokens, and keeps every secret in the OS "
        "keychain. Without options it opens its window (or brings the running one to the front)."));
    options.addHelpOption();
    options.addVersionOption();
    // For bench/startup_time.py: report the first painted frame (and, with the second, the peak RSS once
    // every row is counted and shown to the end), then quit.
    QCommandLineOption firstPaint(QStringLiteral("benchmark-first-paint"));
    QCommandLineOption allRows(QStringLiteral("benchmark-all-rows"));
    for (QCommandLineOption* hidden : {&firstPaint, &allRows}) {
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
        options.addOption(*hidden);
    }
    options.process(app);

    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dataDir))
        return fail(QObject::tr("KeyDesk"), QObject::tr("Cannot create the data folder %1.").arg(dataDir));
    QFile::setPermissions(dataDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    SingleInstance instance(dataDir);
    if (!instance.acquire()) {
        std::fprintf(stderr, "keydesk: KeyDesk is already running; its window was brought to the front.\n");
        return 0;
    }

    InventoryStore store;
    if (auto opened = store.open(QDir(dataDir).filePath(QStringLiteral("inventory.sqlite"))); !opened)
        return fail(QObject::tr("KeyDesk cannot open its inventory"), opened.error().toString());

    Clipboard clipboard;
    clipboard.setTimeoutSeconds(settings.clipboardTimeoutSeconds());
    QNetworkAccessManager network;
    KeychainSecretStore keychain;
    keychain.setDeadlineMs(settings.keychainDeadlineMs());
    // Ask once, before anything needs it, whether a keychain can be reached at all: with no Secret Service
    // the app says so up front and runs on key details only. Nothing is read and no dialog opens, so a
    // locked KeePassXC is not asked to unlock at start-up. The answer may come after the wait has ended
    // (a hung bus): it then lands in shared state, never in this stack frame.
    auto reachable = std::make_shared<std::optional<Expected<void>>>();
    {
        QEventLoop wait;
        QPointer<QEventLoop> waiting(&wait);
        keychain.checkReachable([reachable, waiting](Expected<void> answer) {
            *reachable = std::move(answer);
            if (waiting)
                waiting->quit();
        });
        QTimer::singleShot(5000, &wait, &QEventLoop::quit);
        if (!reachable->has_value())
            wait.exec();
    }
    const bool keychainReachable = !reachable->has_value() || reachable->value().ok();
    if (!keychainReachable)
        std::fprintf(stderr, "keydesk: %s\n", qPrintable(reachable->value().error().toString()));
    if (keychainReachable)
        migrateKeychainNames(store, keychain, settings);
    // Entries from before labels existed get theirs, once, in the background and without any dialog.
    RelabelKeychainEntries relabel(store, keychain);
    if (keychainReachable && !settings.value(Settings::Key::KeychainEntriesLabelled).toBool()) {
        relabel.run([&settings](const RelabelKeychainEntries::Report& report) {
            if (report.problems.isEmpty())
                settings.setValue(Settings::Key::KeychainEntriesLabelled, true);
        });
    }

    // The local service always runs; team servers connected earlier open next to it, their personal tokens
    // read from the keychain. All are reached through the same ServiceClient over HTTP.
    EmbeddedService embedded;
    if (auto started = embedded.start(dataDir); !started)
        return fail(QObject::tr("KeyDesk cannot start its local service"), started.error().toString());
    const Expected<qint64> local = localConnection(store);
    if (!local)
        return fail(QObject::tr("KeyDesk"), local.error().toString());
    ServiceSessions sessions(store, &network, settings.requestDeadlineMs());
    sessions.open(local.value(), embedded.url(), embedded.adminToken());
    // Opening waits for the keychain, at most 10 s; a server whose token comes later is refreshed then.
    QEventLoop remembered;
    bool rememberedOpened = !keychainReachable;
    MainWindow* shownWindow = nullptr;
    if (keychainReachable) {
        sessions.openRemembered(keychain, [&](const QStringList& problems) {
            for (const QString& problem : problems)
                std::fprintf(stderr, "keydesk: %s\n", qPrintable(problem));
            rememberedOpened = true;
            remembered.quit();
            if (shownWindow)
                shownWindow->refresh();
        });
        if (!rememberedOpened) { // (it answers at once when there is nothing to open)
            QTimer::singleShot(10000, &remembered, &QEventLoop::quit);
            remembered.exec();
        }
    }

    MainWindow window(store, sessions, keychainReachable ? &keychain : nullptr, clipboard, settings);
    if (options.isSet(firstPaint))
        StartupProbe::install(&window);
    else if (options.isSet(allRows))
        StartupProbe::install(&window, window.model());
    // Privacy lock: screen lock, sleep, idle time, and (if chosen) minimising hide secrets and forget tokens.
    SessionLockWatcher sessionLock(QDBusConnection::sessionBus(), QDBusConnection::systemBus());
    IdleWatcher idle;
    idle.setIdleMs(settings.privacyLockIdleMs());
    PrivacyLock privacyLock(clipboard, &sessionLock, &idle);
    privacyLock.setLockOnMinimise(settings.value(Settings::Key::PrivacyLockOnMinimise).toBool());
    privacyLock.watchWindow(&window);
    QObject::connect(&privacyLock, &PrivacyLock::engaged, &window, &MainWindow::showPrivacyLocked);
    TrayIcon tray(&window);
    QObject::connect(&instance, &SingleInstance::activationRequested, tray.showAction(), &QAction::trigger);
    tray.showAtStart(settings.value(Settings::Key::StartMinimised).toBool());
    keychain.setPromptNotice([shown = QPointer<MainWindow>(&window)](const QString& notice) {
        if (shown)
            shown->showKeychainNotice(notice);
    });
    window.refresh();
    shownWindow = &window;
    ExpiryReminder reminder(store, settings.intValue(Settings::Key::ReminderDays));
    reminder.setTray(tray.icon());
    QObject::connect(&reminder, &ExpiryReminder::reminded, &window, &MainWindow::showReminders);
    QObject::connect(&window, &MainWindow::refreshed, &reminder, &ExpiryReminder::check);
    QObject::connect(&window, &MainWindow::preferencesChanged, &reminder, [&] {
        idle.setIdleMs(settings.privacyLockIdleMs());
        privacyLock.setLockOnMinimise(settings.value(Settings::Key::PrivacyLockOnMinimise).toBool());
        reminder.setThresholdDays(settings.intValue(Settings::Key::ReminderDays));
        reminder.check();
    });
    // The first check reads the inventory's keys near their date: after the window is up, not before.
    QTimer::singleShot(250, &reminder, [&reminder] { reminder.start(); });
    const int result = app.exec();
    // Close idle keep-alive connections first, or the service's workers wait 5 s before it can stop.
    network.clearConnectionCache();
    embedded.stop();
    return result;
}

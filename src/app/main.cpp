// keydesk: the desktop app. Starts the embedded service, opens the team servers connected earlier, opens the
// inventory and shows the main window. All logic lives in keydesk-core and keydesk-gui.
#include "core/ProcessHardening.h"
#include "core/TerminalText.h"
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
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"
#include "usecases/Workstation.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>
#include <cstdio>
#include <memory>

namespace {

int fail(const QString& title, const QString& message)
{
    std::fprintf(stderr, "keydesk: %s\n", qPrintable(TerminalText::sanitized(message)));
    QMessageBox::critical(nullptr, title, message);
    return 1;
}

void warn(const QString& problem)
{
    std::fprintf(stderr, "keydesk: %s\n", qPrintable(TerminalText::sanitized(problem)));
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

    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    Workstation station({dataDir, {}, std::make_unique<EmbeddedService>(), nullptr});
    Settings& settings = station.settings();
    // The language chosen in Preferences, or the system's (a hand-edited code we have no catalogue for is
    // ignored).
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

    if (auto folder = station.createDataFolder(); !folder)
        return fail(QObject::tr("KeyDesk"), folder.error().toString());
    SingleInstance instance(dataDir);
    if (!instance.acquire()) {
        std::fprintf(stderr, "keydesk: KeyDesk is already running; its window was brought to the front.\n");
        return 0;
    }
    if (auto opened = station.open(); !opened)
        return fail(QObject::tr("KeyDesk cannot open its inventory"), opened.error().toString());

    Clipboard clipboard;
    clipboard.setTimeoutSeconds(settings.clipboardTimeoutSeconds());
    // Ask once, before anything needs it, whether a keychain can be reached at all: with no Secret Service
    // the app says so up front and runs on key details only.
    if (auto reachable = station.checkKeychain(5000); !reachable)
        warn(reachable.error().toString());
    for (const QString& problem : station.migrateKeychain())
        warn(problem);

    // The local service always runs; team servers connected earlier open next to it, their personal tokens
    // read from the keychain. All are reached through the same ServiceClient over HTTP.
    if (auto started = station.startLocalService(); !started)
        return fail(QObject::tr("KeyDesk cannot start its local service"), started.error().toString());
    // Opening waits for the keychain, at most 10 s; a server whose token comes later is refreshed then.
    QEventLoop remembered;
    bool rememberedOpened = false;
    MainWindow* shownWindow = nullptr;
    station.openRemembered([&](const QStringList& problems) {
        for (const QString& problem : problems)
            warn(problem);
        rememberedOpened = true;
        remembered.quit();
        if (shownWindow)
            shownWindow->refresh();
    });
    if (!rememberedOpened) { // (it answers at once when there is nothing to open)
        QTimer::singleShot(10000, &remembered, &QEventLoop::quit);
        remembered.exec();
    }

    MainWindow window(station.store(), station.sessions(), station.keychain(), clipboard, settings);
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
    station.setKeychainPromptNotice([shown = QPointer<MainWindow>(&window)](const QString& notice) {
        if (shown)
            shown->showKeychainNotice(notice);
    });
    window.refresh();
    shownWindow = &window;
    ExpiryReminder reminder(station.store(), settings.intValue(Settings::Key::ReminderDays));
    reminder.setTray(tray.icon());
    QObject::connect(&reminder, &ExpiryReminder::reminded, &window, &MainWindow::showReminders);
    QObject::connect(&window, &MainWindow::refreshed, &reminder, &ExpiryReminder::check);
    QObject::connect(&window, &MainWindow::preferencesChanged, &reminder, [&] {
        idle.setIdleMs(settings.privacyLockIdleMs());
        privacyLock.setLockOnMinimise(settings.value(Settings::Key::PrivacyLockOnMinimise).toBool());
        reminder.setThresholdDays(settings.intValue(Settings::Key::ReminderDays));
        reminder.check();
    });
    // The first check reads the inventory's keys near their date, the relabelling all of it (a page at a
    // time): after the window is up, not before.
    QTimer::singleShot(250, &reminder, [&reminder] { reminder.start(); });
    QTimer::singleShot(1000, &window, [&station] { station.relabelKeychainEntries(); });
    return app.exec(); // the station stops the local service on its way out
}

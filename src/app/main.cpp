// keydesk: the desktop app. Starts the embedded service (or, later, connects to a remote one), opens the
// inventory and shows the main window. All logic lives in keydesk-core and keydesk-gui.
#include "gui/Clipboard.h"
#include "gui/MainWindow.h"
#include "gui/SingleInstance.h"
#include "net/InventorySync.h"
#include "net/ServiceClient.h"
#include "server/EmbeddedService.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTimer>
#include <cstdio>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace {

void hardenProcess()
{
    // Secrets pass through this process: no core dumps and no ptrace attach by the user's other programs.
    prctl(PR_SET_DUMPABLE, 0);
    struct rlimit none
    {};
    setrlimit(RLIMIT_CORE, &none);
    umask(077); // the inventory, service database and settings are for this user's eyes only
}

int fail(const QString& title, const QString& message)
{
    std::fprintf(stderr, "keydesk: %s\n", qPrintable(message));
    QMessageBox::critical(nullptr, title, message);
    return 1;
}

// The inventory's row for the embedded service, created on first start.
Expected<qint64> localConnection(InventoryStore& store, const QUrl& url)
{
    auto connections = store.connections();
    if (!connections)
        return connections.error();
    for (const Connection& c : connections.value()) {
        if (c.embedded)
            return c.id;
    }
    Connection local;
    local.name = QCoreApplication::translate("main", "Local");
    local.kind = Connection::Kind::KeyDeskService;
    local.url = url;
    local.embedded = true;
    return store.addConnection(local);
}

} // namespace

int main(int argc, char* argv[])
{
    hardenProcess();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("KeyDesk"));
    QApplication::setApplicationName(QStringLiteral("KeyDesk"));
    QApplication::setApplicationVersion(QStringLiteral(KEYDESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.keydesk.KeyDesk"));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("keydesk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

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

    EmbeddedService service;
    if (auto started = service.start(dataDir); !started)
        return fail(QObject::tr("KeyDesk cannot start its local service"), started.error().toString());
    auto connectionId = localConnection(store, service.url());
    if (!connectionId)
        return fail(QObject::tr("KeyDesk"), connectionId.error().toString());

    Settings settings;
    Clipboard clipboard;
    clipboard.setTimeoutSeconds(settings.clipboardTimeoutSeconds());
    QNetworkAccessManager network;
    ServiceClient client(&network, service.url(), service.adminToken());
    InventorySync sync(client, store, connectionId.value());
    KeychainSecretStore keychain;
    // Ask the keychain once, before anything needs it: with no Secret Service at all the app says so up
    // front and runs on key details only. (A locked keyring still answers here; writing then fails with a
    // clear message and the secret dialog stays open.)
    bool keychainReachable = true;
    {
        QEventLoop wait;
        keychain.readSecret(QStringLiteral("keydesk-probe"), [&](Expected<SecretBytes> probe) {
            keychainReachable = probe.ok() || probe.error().kind() == Error::Kind::SecretNotFound;
            if (!keychainReachable)
                std::fprintf(stderr, "keydesk: %s\n", qPrintable(probe.error().toString()));
            wait.quit();
        });
        QTimer::singleShot(5000, &wait, &QEventLoop::quit);
        wait.exec();
    }

    MainWindow window(store, sync, keychainReachable ? &keychain : nullptr, clipboard, settings);
    QObject::connect(&instance, &SingleInstance::activationRequested, &window, [&window] {
        window.showNormal();
        window.raise();
        window.activateWindow();
    });
    window.show();
    window.refresh();
    const int result = app.exec();
    service.stop();
    return result;
}

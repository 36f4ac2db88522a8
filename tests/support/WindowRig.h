#pragma once

#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/MainWindow.h"
#include "storage/InventoryStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <memory>

// The main window wired as main() wires it, on a running ServiceFixture: an inventory in a temporary folder
// with the embedded "Local" connection signed in with the admin token, settings next to it, and the
// caller's keychain (which must outlive the rig). Made after the fixture has its projects and keys; not
// shown yet.
struct WindowRig
{
    WindowRig(ServiceFixture& service, SecretStore* secrets)
    {
        ready = store.open(dir.filePath(QStringLiteral("inventory.sqlite"))).ok();
        Connection local;
        local.name = QStringLiteral("Local");
        local.embedded = true;
        const auto id = store.addConnection(local);
        ready = ready && id.ok();
        if (ready)
            sessions.open(id.value(), service.server().baseUrl(),
                          SecretBytes(QByteArray::fromStdString(service.adminToken)));
        window = std::make_unique<MainWindow>(store, sessions, secrets, clipboard, settings);
    }

    QTemporaryDir dir;
    InventoryStore store;
    QNetworkAccessManager network;
    ServiceSessions sessions{store, &network, 10000};
    Settings settings{dir.filePath(QStringLiteral("settings.ini"))};
    Clipboard clipboard;
    std::unique_ptr<MainWindow> window;
    bool ready = false;
};

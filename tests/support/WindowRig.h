#pragma once

#include "FixtureLocalService.h"
#include "MemorySecretStore.h"
#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/MainWindow.h"
#include "storage/InventoryStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"
#include "usecases/Workstation.h"

#include <QTemporaryDir>
#include <memory>

// The main window wired as main() wires it (a Workstation), on a running ServiceFixture: an inventory in a
// temporary folder with the "Local" connection signed in with the admin token, settings next to it, and the
// caller's keychain (which must outlive the rig; nullptr: none can be reached). Made after the fixture has
// its projects and keys; not shown yet.
struct WindowRig
{
    WindowRig(ServiceFixture& service, SecretStore* secrets)
        : station(FixtureLocalService::parts(service, dir, secrets ? secrets : &unreachable)),
          store(station.store()), sessions(station.sessions()), settings(station.settings()),
          network(*station.network())
    {
        ready = station.open().ok() && station.startLocalService().ok();
        window = std::make_unique<MainWindow>(store, sessions, secrets, clipboard, settings);
    }

    QTemporaryDir dir;
    MemorySecretStore unreachable; // never handed to the window
    Workstation station;
    InventoryStore& store;
    ServiceSessions& sessions;
    Settings& settings;
    QNetworkAccessManager& network;
    Clipboard clipboard;
    std::unique_ptr<MainWindow> window;
    bool ready = false;
};

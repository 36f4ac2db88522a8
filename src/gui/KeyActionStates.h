#pragma once

#include "core/Credential.h"

#include <optional>

namespace Ui {
class MainWindow;
}

// Which key actions are offered for the selected key, and why not: offline, the inventory stays readable but
// nothing that needs the service can start; a hand-imported credential is deleted on this computer alone.
namespace KeyActionStates {

struct Context
{
    std::optional<Credential> selected;
    qint64 serviceInUse = 0; // the connection of the KeyDesk service the window works on
    bool online = false;     // that service answered the last refresh and has a project
    bool keychain = false;   // an OS keychain is reachable
    bool testable = false;   // the selected key can be tested (a test URL and a keychain)
};

void apply(Ui::MainWindow& ui, const Context& context);

} // namespace KeyActionStates

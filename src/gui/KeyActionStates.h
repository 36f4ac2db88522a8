#pragma once

#include "core/Credential.h"
#include "core/Role.h"

#include <optional>

namespace Ui {
class MainWindow;
}

// Which key actions are offered for the selected key, and why not: offline, the inventory stays readable but
// nothing that needs the service can start; a role below the one an action needs disables it with the reason
// in its tooltip; a hand-imported credential is deleted on this computer alone.
namespace KeyActionStates {

struct Context
{
    std::optional<Credential> selected;
    qint64 serviceInUse = 0; // the connection of the KeyDesk service the window works on
    bool online = false;     // that service answered the last refresh and has a project
    bool keychain = false;   // an OS keychain is reachable
    bool testable = false;   // the selected key can be tested (a test URL and a keychain)
    Role role = Role::Owner; // the signed-in role at that service
};

void apply(Ui::MainWindow& ui, const Context& context);

} // namespace KeyActionStates

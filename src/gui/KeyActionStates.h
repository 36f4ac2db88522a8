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
    bool serviceKey = false;    // the selected key belongs to a connected KeyDesk service
    bool online = false;        // that service answered the last refresh
    Role role = Role::Owner;    // the role signed in at that service
    bool keychain = false;      // an OS keychain is reachable
    bool testable = false;      // the selected key can be tested (a test URL and a keychain)
    bool secretMissing = false; // its secret is known not to be in this computer's keychain
    bool signsWithKey = false;  // the selected credential authenticates with a key pair (private_key_jwt)
    // Generate Key: some connected service answered and lets the signed-in person create keys there; when
    // none does, why not.
    bool canGenerate = false;
    QString generateRefusal;
};

void apply(Ui::MainWindow& ui, const Context& context);
// Deactivate and Activate take the same room, so the buttons after it stay put when one becomes the other.
void keepToolBarSteady(Ui::MainWindow& ui);

} // namespace KeyActionStates

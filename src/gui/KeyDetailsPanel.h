#pragma once

#include "core/Credential.h"

#include <QString>
#include <optional>

namespace Ui {
class MainWindow;
}

// The details panel on the right: the selected key's name, id, last 4, status, dates, description, rotation
// link and last test result (all plain text), or nothing when no key is selected. A test run in this session
// shows in full under it: what came back, how long it took, what it means and what to do next.
namespace KeyDetailsPanel {

struct TestResult
{
    bool passed = false;
    QString text; // empty: none this session
};

// `secretMissing`: this computer's keychain has no secret for the key (SecretPresenceMarks).
void show(Ui::MainWindow& ui, const std::optional<Credential>& key, const QDateTime& now,
          const TestResult& test = {}, bool secretMissing = false);

} // namespace KeyDetailsPanel

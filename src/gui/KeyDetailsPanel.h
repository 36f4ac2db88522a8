#pragma once

#include "core/Credential.h"
#include "core/ProviderSettings.h"
#include "storage/InventoryStore.h"

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

// What the panel shows besides the key's own row.
struct Extras
{
    TestResult test;
    bool secretMissing = false; // this computer's keychain has no secret for it (SecretPresenceMarks)
    InventoryStore::RotationLinks rotation;
    int reminderDays = 14; // when its Status says "Expires in …", as in the table
    // A vendor's credential: how its token is fetched (OAuth2) and how it is tested. Its rows replace the
    // service-only ones (rotation, project, created by, key user).
    std::optional<ProviderSettings> provider;
    bool oauth2 = false;
};

// Once: long values wrap, and one that cannot wrap (a key id, a long word) is cut rather than widening the
// panel, so the panel keeps its width whatever is selected.
void setUp(Ui::MainWindow& ui);

void show(Ui::MainWindow& ui, const std::optional<Credential>& key, const QDateTime& now,
          const Extras& extras = {});

} // namespace KeyDetailsPanel

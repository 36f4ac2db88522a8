#pragma once

#include "core/Credential.h"

#include <optional>

namespace Ui {
class MainWindow;
}

// The details panel on the right: the selected key's name, id, last 4, status, dates, description, rotation
// link and last test result (all plain text), or nothing when no key is selected.
namespace KeyDetailsPanel {

void show(Ui::MainWindow& ui, const std::optional<Credential>& key, const QDateTime& now);

} // namespace KeyDetailsPanel

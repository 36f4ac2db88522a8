#pragma once

class QPoint;
class QWidget;
namespace Ui {
class MainWindow;
}

// The inventory's right-click menu for the selected key. What every key has is always listed, disabled with
// the reason when it cannot be done now (a role, offline, its secret elsewhere); what only some kinds of key
// have is listed when it applies.
namespace KeyContextMenu {
// `serviceKey`: a KeyDesk service's key, which can also be deactivated and rotated here (a vendor's
// credential is, at the vendor). `at` is in the table's viewport.
void popUp(Ui::MainWindow& ui, bool serviceKey, QWidget* parent, const QPoint& at);
} // namespace KeyContextMenu

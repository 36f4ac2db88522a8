#pragma once

#include <QIcon>

namespace Ui {
class MainWindow;
}

// KeyDesk's icons: the application's own (window, tray), and the actions' from the desktop's icon theme
// (freedesktop names), with our own SVGs in the resources where a theme lacks one or there is no theme.
namespace AppIcons {

QIcon application();
QIcon action(const QString& themeName);
void applyTo(Ui::MainWindow& ui);
// Deactivate and Activate are one action: its icon follows what it will do.
void setToggleIcon(Ui::MainWindow& ui, bool activates);

} // namespace AppIcons

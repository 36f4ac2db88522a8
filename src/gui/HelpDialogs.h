#pragma once

#include <QList>

class QAction;
class QWidget;

// The Help menu's windows: About KeyDesk and the keyboard shortcuts, the latter read from the actions
// themselves so the list is never out of date.
namespace HelpDialogs {

void showAbout(QWidget* parent);
void showShortcuts(const QList<QAction*>& actions, QWidget* parent);

} // namespace HelpDialogs

#pragma once

#include <QList>
#include <QString>

class QAction;
class QWidget;

// The Help menu's windows: About KeyDesk and the keyboard shortcuts, the latter read from the actions
// themselves so the list is never out of date.
namespace HelpDialogs {

// `settingsFile`: where the preferences are kept, shown with the data folder.
void showAbout(const QString& settingsFile, QWidget* parent);
void showShortcuts(const QList<QAction*>& actions, QWidget* parent);

} // namespace HelpDialogs

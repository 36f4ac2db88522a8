#pragma once

#include <QList>
#include <QString>
#include <memory>

class QAction;
class QDialog;
class QWidget;

// The Help menu's windows: About KeyDesk and the keyboard shortcuts, the latter read from the actions
// themselves so the list is never out of date.
namespace HelpDialogs {

// `settingsFile`: where the preferences are kept, shown with the data folder.
std::unique_ptr<QDialog> about(const QString& settingsFile, QWidget* parent);
std::unique_ptr<QDialog> shortcuts(const QList<QAction*>& actions, QWidget* parent);

} // namespace HelpDialogs

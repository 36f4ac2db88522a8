#pragma once

#include <QObject>

namespace Ui {
class MainWindow;
}
class ConnectionsPane;
class InventoryFilters;
class InventoryStore;
class InventoryTableModel;
class KeyActions;
class ProjectControls;
class QStatusBar;
class SecretPresenceMarks;
class SecretStore;
class SelectionKeeper;
class ServiceSessions;

// The inventory table and what works on it: its columns, search field and filter menu, the kept selection,
// the marks for secrets missing from this computer's keychain, the row count in the status bar and what the
// table says when it is empty. The connections on the left and the project picker narrow what it shows.
class InventoryPane : public QObject
{
    Q_OBJECT

public:
    // `secrets` is null without a keychain: no marks then.
    InventoryPane(Ui::MainWindow& ui, InventoryTableModel& model, InventoryStore& store,
                  ServiceSessions& sessions, SecretStore* secrets, const ConnectionsPane& connections,
                  ProjectControls& projects, int reminderDays, QStatusBar* statusBar, QObject* parent);

    // Reads the table again after what the key actions changed, and selects what a rotation created or
    // deactivated, and the neighbour of a key being deleted.
    void follow(const KeyActions& actions);

    SecretPresenceMarks* secretMarks() const { return m_marks; }
    InventoryFilters& filters() const { return *m_filters; }
    void setReminderDays(int days);

    // Reads the table again from the inventory; a failure is reported by the model (readFailed).
    void reload();
    // Selects a key, first showing everything when a pick, filter or search hides it.
    void reveal(qint64 credentialId);
    void reveal(qint64 connectionId, const QString& keyId);
    void removing(qint64 credentialId); // it is being deleted: its neighbour is selected instead
    void showAll();                     // clears the connection and project picks, the filter and the search

private:
    Ui::MainWindow& m_ui;
    InventoryTableModel& m_model;
    ProjectControls& m_projects;
    SelectionKeeper* m_selection;
    SecretPresenceMarks* m_marks = nullptr;
    InventoryFilters* m_filters;
};

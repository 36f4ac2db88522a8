#pragma once

#include "core/Clock.h"
#include "core/Credential.h"
#include "core/ReminderPlanner.h"

#include <QMainWindow>
#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}
class Clipboard;
class ConnectionsPane;
class InventoryStore;
class ServiceSession;
class InventoryPane;
class InventoryTableModel;
class SecretStore;
class Settings;
class DialogActions;
class KeyActions;
class ProjectControls;
class StatusLine;
class SelectedKeyView;
class ServiceSessions;
class TestCall;
class TokenClient;
struct Credential;

// Connections on the left, the inventory in the middle, the selected key's details on the right; key
// actions in the toolbar and the Keys menu. It works on every connected KeyDesk service at once
// (ServiceSessions): each key's actions go to its own service, with the role signed in there.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(InventoryStore& store, ServiceSessions& sessions, SecretStore* secrets, Clipboard& clipboard,
               Settings& settings, const Clock& clock = Clock::system(), QWidget* parent = nullptr);
    ~MainWindow() override;

    InventoryTableModel* model() const { return m_model; }

public slots:
    void refresh();
    // The selected row's actions that apply to it, at `at` in the table's viewport.
    void showContextMenu(const QPoint& at);
    void showReminders(const QList<ReminderPlanner::Reminder>& reminders);
    void showPrivacyLocked();
    // The keychain opened a dialog (unlock, access) that a job waits on.
    void showKeychainNotice(const QString& notice) { showStatus(notice); }
    // Applies the settings to what the window owns (clipboard, deadlines, "expiring soon"), then
    // announces them for what the application owns.
    void applyPreferences();

signals:
    void refreshed(bool ok); // after each refresh (the expiry reminders check then)
    void preferencesChanged();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void copyKeyId();
    void openPreferences();
    void connectPanes();
    void connectKeyActions();
    void connectDialogActions();
    void setUpMenus();
    void applyRequestDeadline(); // what the window asks the network waits at most this long
    void reloadTable();          // a failure is shown in the status line (readFailed)
    std::optional<Credential> selectedCredential() const;
    void updateConnections();
    void showStatus(const QString& message, bool problem = false);
    void refreshThenSay(const QString& message, bool problem);

    std::unique_ptr<Ui::MainWindow> m_ui;
    InventoryStore& m_store;
    ServiceSessions& m_sessions;
    SecretStore* m_secrets;
    Clipboard& m_clipboard;
    Settings& m_settings;
    InventoryTableModel* m_model;
    TokenClient* m_tokenClient;
    TestCall* m_testCall;
    KeyActions* m_actions;
    DialogActions* m_dialogs;
    StatusLine* m_statusLine = nullptr;
    ConnectionsPane* m_connections = nullptr;
    ProjectControls* m_projects = nullptr;
    InventoryPane* m_inventory = nullptr;
    SelectedKeyView* m_details = nullptr;
};

#pragma once

#include "KeyActionStates.h"
#include "KeyDetailsPanel.h"
#include "TokenSource.h"
#include "core/Clock.h"
#include "core/ReminderPlanner.h"
#include "core/Role.h"
#include "usecases/CredentialTarget.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

namespace Ui {
class MainWindow;
}
class Clipboard;
class ConnectionsPane;
class InventoryStore;
class ServiceSession;
class InventoryFilters;
class InventoryTableModel;
class SecretStore;
class Settings;
class QDialog;
class QLabel;
class KeyActions;
class KeyHistoryPanel;
class ProjectControls;
class SecretPresenceMarks;
class SelectionKeeper;
class StatusLine;
class EmptyStatePanel;
class QAction;
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
    void generateKey();
    void copyKeyId();
    void toggleActive();
    void deleteKey();
    void connectService();
    void openTokenGenerator();
    void testSelectedKey();
    void importCredential();
    void showPublicKey();
    void editCredential();
    void replaceSecret();
    // The selected row's actions that apply to it, at `at` in the table's viewport.
    void showContextMenu(const QPoint& at);
    void exportInventory();
    void rotateKey();
    void showReminders(const QList<ReminderPlanner::Reminder>& reminders);
    void showPrivacyLocked();
    // The keychain opened a dialog (unlock, access) that a job waits on.
    void showKeychainNotice(const QString& notice) { showStatus(notice); }
    void openPreferences();
    void openUserGuide();
    // Applies the settings to what the window owns (clipboard, deadlines, "expiring soon"), then
    // announces them for what the application owns.
    void applyPreferences();

signals:
    void refreshed(bool ok); // after each refresh, for tests and the status bar
    void keyTested(bool passed);
    void keyDeleted(bool completely); // false: something (named in the status bar) was left behind
    void rotationFinished(bool ok);
    void preferencesChanged();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // Reads the table again from the inventory; a failure is shown in the status line (readFailed).
    void reloadTable();
    void syncAfterUse(qint64 credentialId); // a tested key's service knows its new Last used and History
    void selectNeighbourOf(qint64 credentialId);
    void openCredentialEditor(bool focusSecret);
    void showPublicKeyOf(qint64 credentialId);
    // Selects a key, first showing everything when a pick, filter or search hides it.
    void reveal(qint64 credentialId);
    void showAll(); // clears the connection and project picks, the filter and the search
    void updateEmptyState(int rows, bool complete);
    std::optional<Credential> selectedCredential() const;
    QList<TokenSource> tokenSources();
    Expected<CredentialTarget> targetFor(const Credential& credential);
    void updateDetails();
    KeyActionStates::Context actionContext(const std::optional<Credential>& selected, bool testable) const;
    void updateConnections();
    void selectKey(qint64 connectionId, const QString& keyId);
    void showStatus(const QString& message, bool problem = false);
    void refreshThenSay(const QString& message, bool problem);
    // The key changed (its status, a rotation): this session's test result and messages about it go.
    void forgetVerdictsOn(qint64 credentialId);

    std::unique_ptr<Ui::MainWindow> m_ui;
    InventoryStore& m_store;
    ServiceSessions& m_sessions;
    SecretStore* m_secrets;
    Clipboard& m_clipboard;
    Settings& m_settings;
    const Clock& m_clock;
    InventoryTableModel* m_model;
    InventoryFilters* m_filters = nullptr;
    ConnectionsPane* m_connections;
    QLabel* m_clipboardLabel;
    TokenClient* m_tokenClient;
    TestCall* m_testCall;
    KeyActions* m_actions;
    ProjectControls* m_projects = nullptr;
    KeyHistoryPanel* m_history = nullptr;
    qint64 m_historyShown = 0; // the credential whose history the History tab shows
    SelectionKeeper* m_selection = nullptr;
    SecretPresenceMarks* m_secretMarks = nullptr; // only with a keychain
    EmptyStatePanel* m_emptyState = nullptr;
    QAction* m_showAll = nullptr;
    QPointer<QDialog> m_userGuide;
    QHash<qint64, KeyDetailsPanel::TestResult> m_testResults; // this session's, by credential id
    StatusLine* m_statusLine = nullptr;
};

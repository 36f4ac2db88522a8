#pragma once

#include "KeyActionStates.h"
#include "KeyDetailsPanel.h"
#include "core/Clock.h"

#include <QHash>
#include <QObject>
#include <optional>

namespace Ui {
class MainWindow;
}
class InventoryStore;
class InventoryTableModel;
class KeyActions;
class KeyHistoryPanel;
class ProjectControls;
class SecretPresenceMarks;
class ServiceSessions;
class StatusLine;
struct Credential;

// What the window shows about the selected key: its details, its History (read from its service when that
// is reached), the state of every key action (enabled, or disabled with the reason), and this session's test
// result for it. update() after anything that may change one of them.
class SelectedKeyView : public QObject
{
    Q_OBJECT

public:
    // `marks` is null without a keychain; `canTest` is false then too.
    SelectedKeyView(Ui::MainWindow& ui, InventoryTableModel& model, InventoryStore& store,
                    ServiceSessions& sessions, SecretPresenceMarks* marks, const ProjectControls& projects,
                    StatusLine& statusLine, bool canTest, const Clock& clock, QObject* parent);

    // Shows what the key actions report: tests running and done, changes, removals and rotations.
    void follow(const KeyActions& actions);

    std::optional<Credential> selected() const;
    void update();
    void setTestResult(qint64 credentialId, const KeyDetailsPanel::TestResult& result);
    // The key changed (its status, a rotation): this session's test result and messages about it go, and
    // its History is read again.
    void keyChanged(qint64 credentialId);
    void keyRemoved(qint64 credentialId) { m_testResults.remove(credentialId); } // ids are reused
    void historyChanged() { m_historyShown = 0; } // read the selected key's History again

signals:
    void status(const QString& message, bool problem);

private:
    KeyActionStates::Context actionContext(const std::optional<Credential>& selected, bool testable) const;

    Ui::MainWindow& m_ui;
    InventoryTableModel& m_model;
    InventoryStore& m_store;
    ServiceSessions& m_sessions;
    SecretPresenceMarks* m_marks;
    const ProjectControls& m_projects;
    StatusLine& m_statusLine;
    const bool m_canTest;
    const Clock& m_clock;
    KeyHistoryPanel* m_history;
    qint64 m_historyShown = 0; // the credential whose History the History tab shows
    QHash<qint64, KeyDetailsPanel::TestResult> m_testResults; // this session's, by credential id
};

#include "SelectedKeyView.h"

#include "InventoryTableModel.h"
#include "KeyActions.h"
#include "KeyHistoryPanel.h"
#include "ProjectControls.h"
#include "SecretPresenceMarks.h"
#include "StatusLine.h"
#include "ui_MainWindow.h"
#include "usecases/CredentialTarget.h"
#include "usecases/ServiceSessions.h"

SelectedKeyView::SelectedKeyView(Ui::MainWindow& ui, InventoryTableModel& model, InventoryStore& store,
                                 ServiceSessions& sessions, SecretPresenceMarks* marks,
                                 const ProjectControls& projects, StatusLine& statusLine, bool canTest,
                                 const Clock& clock, QObject* parent)
    : QObject(parent), m_ui(ui), m_model(model), m_store(store), m_sessions(sessions), m_marks(marks),
      m_projects(projects), m_statusLine(statusLine), m_canTest(canTest), m_clock(clock),
      m_history(new KeyHistoryPanel(store, ui.historyTab))
{
    KeyDetailsPanel::setUp(ui);
    m_ui.historyLayout->addWidget(m_history);
    connect(m_history, &KeyHistoryPanel::status, this, &SelectedKeyView::status);
    connect(m_ui.detailsTabWidget, &QTabWidget::currentChanged, this, [this] {
        if (m_ui.detailsTabWidget->currentWidget() != m_ui.historyTab)
            return;
        m_historyShown = 0; // opened: ask the service for what happened since
        update();
    });
    if (marks) {
        connect(marks, &SecretPresenceMarks::changed, this, [this](const QString& account) {
            if (const auto c = selected(); c && c->keychainAccount() == account)
                update();
        });
    }
    connect(&model, &QAbstractItemModel::modelReset, this, &SelectedKeyView::update);
    connect(m_ui.inventoryTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SelectedKeyView::update);
}

void SelectedKeyView::follow(const KeyActions& actions)
{
    connect(&actions, &KeyActions::testing, this, [this](qint64 id) {
        setTestResult(id, {true, tr("Testing\u2026")});
    });
    connect(&actions, &KeyActions::tested, this, [this](qint64 id, bool passed, const QString& result) {
        setTestResult(id, {passed, result}); // kept for this session; its summary is recorded too
    });
    connect(&actions, &KeyActions::usedAtService, this, [this] {
        historyChanged();
        update();
    });
    connect(&actions, &KeyActions::statusChanged, this, &SelectedKeyView::keyChanged);
    connect(&actions, &KeyActions::deactivated, this, &SelectedKeyView::keyChanged);
    connect(&actions, &KeyActions::removed, this, &SelectedKeyView::keyRemoved);
}

std::optional<Credential> SelectedKeyView::selected() const
{
    const QModelIndexList rows = m_ui.inventoryTableView->selectionModel()->selectedRows();
    return rows.isEmpty() ? std::nullopt : m_model.credentialAt(rows.first().row());
}

void SelectedKeyView::setTestResult(qint64 credentialId, const KeyDetailsPanel::TestResult& result)
{
    m_testResults.insert(credentialId, result);
    update();
}

void SelectedKeyView::keyChanged(qint64 credentialId)
{
    m_testResults.remove(credentialId);
    m_statusLine.keyChanged(credentialId);
    m_historyShown = 0; // the change is the newest event in the key's History
}

void SelectedKeyView::update()
{
    const std::optional<Credential> c = selected();
    const auto target = c ? CredentialTarget::resolve(*c, m_store, m_sessions)
                          : Expected<CredentialTarget>(Error(Error::Kind::NotFound, {}));
    KeyActionStates::Context context =
        actionContext(c, m_canTest && target && target.value().provider.testUrl.isValid());
    context.signsWithKey = target && target.value().connection.signsWithKey();
    context.secretMissing = c && m_marks && m_marks->isMissing(*c);
    KeyActionStates::apply(m_ui, context);
    KeyDetailsPanel::Extras extras;
    extras.reminderDays = m_model.reminderDays();
    if (c) { // (no key is also what a reload shows for a moment: that changes nothing said)
        m_statusLine.keySelected(c->id);
        extras.test = m_testResults.value(c->id);
        extras.secretMissing = context.secretMissing;
        if (auto links = m_store.rotationLinks(*c)) // unreadable: no links shown, the rest still is
            extras.rotation = links.value();
        if (target && target.value().connection.kind != Connection::Kind::KeyDeskService) {
            extras.provider = target.value().provider;
            extras.oauth2 = target.value().connection.kind == Connection::Kind::OAuth2Provider;
        }
    }
    KeyDetailsPanel::show(m_ui, c, m_clock.now(), extras);
    ServiceSession* service = c ? m_sessions.serviceFor(c->connectionId) : nullptr;
    const bool live = service && m_sessions.reachable(c->connectionId);
    if (!c || c->id != m_historyShown) {
        m_historyShown = c ? c->id : 0;
        m_history->showKey(c, live ? service : nullptr);
    }
}

KeyActionStates::Context SelectedKeyView::actionContext(const std::optional<Credential>& selected,
                                                        bool testable) const
{
    KeyActionStates::Context context;
    context.selected = selected;
    context.serviceKey = selected && m_sessions.serviceFor(selected->connectionId);
    context.online = selected && m_sessions.reachable(selected->connectionId);
    context.role = selected ? m_sessions.roleOn(selected->connectionId) : Role::Owner;
    context.keychain = m_marks != nullptr;
    context.testable = testable;
    // A connection picked on the left is where a new key goes: where we may not add keys, say why rather
    // than quietly offer another service's projects. Otherwise Generate Key asks where the key goes, and is
    // offered when any reached service lets us add keys.
    const ServiceSessions::AddKeysRight right = m_sessions.mayAddKeys(m_projects.pickedConnection());
    context.canGenerate = right.allowed();
    using Refusal = ServiceSessions::AddKeysRight::Refusal;
    switch (right.refusal) {
    case Refusal::None:
        break;
    case Refusal::NotAService:
        context.generateRefusal = tr("The connection picked on the left is not a connected KeyDesk service.");
        break;
    case Refusal::Unreachable:
        context.generateRefusal = tr("The service is unreachable; refresh (F5) when it is back.");
        break;
    case Refusal::Role:
        context.generateRefusal = roleRefusal(right.role, Permission::ManageKeys);
        break;
    }
    return context;
}

#include "MainWindow.h"

#include "Clipboard.h"
#include "ConnectServiceDialog.h"
#include "ConnectionsPane.h"
#include "ExportFileChooser.h"
#include "GenerateKeyDialog.h"
#include "ImportCredentialDialog.h"
#include "InventoryColumns.h"
#include "InventoryCountLabel.h"
#include "InventoryFilters.h"
#include "InventoryTableModel.h"
#include "KeyActionStates.h"
#include "KeyActions.h"
#include "KeyDetailsPanel.h"
#include "KeyHistoryPanel.h"
#include "PlainTextLabels.h"
#include "ProjectControls.h"
#include "RotationFlow.h"
#include "SecretDialog.h"
#include "TokenGeneratorDialog.h"
#include "core/Plural.h"
#include "net/InventorySync.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/SecretStore.h"
#include "storage/Settings.h"
#include "ui_MainWindow.h"
#include "usecases/ExportInventory.h"
#include "usecases/TokenCandidates.h"

#include <QCloseEvent>
#include <QLabel>
#include <QPointer>

MainWindow::MainWindow(InventoryStore& store, InventorySync& sync, SecretStore* secrets, Clipboard& clipboard,
                       Settings& settings, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_store(store), m_sync(sync),
      m_secrets(secrets), m_clipboard(clipboard), m_settings(settings), m_clock(clock),
      m_model(new InventoryTableModel(store, clock, this)), m_clipboardLabel(new QLabel(this)),
      m_tokenClient(new TokenClient(sync.client().network(), this)),
      m_testCall(new TestCall(sync.client().network(), this)),
      m_actions(new KeyActions(store, secrets, m_services, *m_tokenClient, *m_testCall, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    m_services.add(sync);
    m_tokenClient->setDeadlineMs(settings.requestDeadlineMs());
    m_testCall->setDeadlineMs(settings.requestDeadlineMs());
    connect(m_actions, &KeyActions::status, this, &MainWindow::showStatus);
    connect(m_actions, &KeyActions::tested, this, [this](bool passed) {
        (void)m_model->reload(); // the result is recorded in the inventory
        emit keyTested(passed);
    });
    connect(m_actions, &KeyActions::statusChanged, this, [this](const QString& message) {
        (void)m_model->reload(); // the use case has synced the inventory
        showStatus(message);
        updateDetails();
        emit refreshed(true);
    });
    connect(m_actions, &KeyActions::removed, this,
            [this](bool completely, bool serviceKey, const QString& message) {
                if (serviceKey) { // gone at the service: the refresh shows it
                    refreshThenSay(message, !completely);
                } else {
                    (void)m_model->reload();
                    showStatus(message, !completely);
                }
                emit keyDeleted(completely);
            });
    InventoryColumns::setUp(m_ui->inventoryTableView, m_model);
    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({160, 880, 240});
    m_connections = new ConnectionsPane(m_ui->connectionsListWidget, store, secrets);
    connect(m_connections, &ConnectionsPane::removed, this,
            [this](const QString& message, bool problem) { refreshThenSay(message, problem); });
    if (!m_secrets)
        showStatus(tr("No OS keychain is available: KeyDesk works with key details only."), true);
    statusBar()->addPermanentWidget(m_clipboardLabel);
    auto* countLabel = new InventoryCountLabel(this);
    statusBar()->addPermanentWidget(countLabel);
    connect(m_model, &InventoryTableModel::rowsCounted, countLabel, &InventoryCountLabel::showCount);
    connect(m_model, &InventoryTableModel::readFailed, this,
            [this](const Error& error) { showStatus(error.toString(), true); });

    using Slot = void (MainWindow::*)();
    const QList<QPair<QAction*, Slot>> actions = {
        {m_ui->actionGenerateKey, &MainWindow::generateKey},
        {m_ui->actionCopyKeyId, &MainWindow::copyKeyId},
        {m_ui->actionToggleActive, &MainWindow::toggleActive},
        {m_ui->actionDelete, &MainWindow::deleteKey},
        {m_ui->actionRefresh, &MainWindow::refresh},
        {m_ui->actionConnectService, &MainWindow::connectService},
        {m_ui->actionTokenGenerator, &MainWindow::openTokenGenerator},
        {m_ui->actionTestKey, &MainWindow::testSelectedKey},
        {m_ui->actionImportCredential, &MainWindow::importCredential},
        {m_ui->actionExport, &MainWindow::exportInventory},
        {m_ui->actionRotate, &MainWindow::rotateKey}};
    for (const auto& [action, slot] : actions)
        connect(action, &QAction::triggered, this, slot);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionUseLocalService, &QAction::triggered, this, [this] {
        m_settings.remove(Settings::Key::ActiveService);
        showStatus(tr("KeyDesk will use its local service from the next start."));
    });
    m_ui->actionConnectService->setEnabled(m_secrets != nullptr);
    if (!m_secrets)
        m_ui->actionConnectService->setToolTip(
            tr("Needs the OS keychain, which keeps your token for the service."));
    connect(m_ui->actionFind, &QAction::triggered, this, [this] {
        m_ui->searchLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchLineEdit->selectAll();
    });
    connect(m_ui->searchLineEdit, &QLineEdit::textChanged, m_model, &InventoryTableModel::setSearch);
    m_filters = new InventoryFilters(m_ui->filterComboBox, m_ui->connectionsListWidget,
                                     m_settings.value(Settings::Key::ReminderDays).toInt(), m_model, this);
    m_projects = new ProjectControls(
        m_ui->projectComboBox, {m_ui->actionNewProject, m_ui->actionRenameProject, m_ui->actionDeleteProject},
        store, sync, this);
    m_filters->setProjectPicker(m_ui->projectComboBox, sync.connectionId());
    connect(m_projects, &ProjectControls::picked, m_filters, &InventoryFilters::apply);
    connect(m_projects, &ProjectControls::changed, this, &MainWindow::refreshThenSay);
    m_history = new KeyHistoryPanel(store, m_ui->historyTab);
    m_ui->historyLayout->addWidget(m_history);
    connect(m_history, &KeyHistoryPanel::status, this, &MainWindow::showStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateDetails);
    connect(m_ui->inventoryTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateDetails);
    connect(&m_clipboard, &Clipboard::countdown, this, [this](int seconds) {
        m_clipboardLabel->setText(seconds > 0 ? tr("Clipboard clears in %1 s").arg(seconds) : QString());
    });

    restoreGeometry(m_settings.value(Settings::Key::MainWindowGeometry).toByteArray());
    restoreState(m_settings.value(Settings::Key::MainWindowState).toByteArray());
    // (No reload here: sortByColumn() above has read the first rows already.)
    updateConnections(false);
    m_projects->update(false);
    updateDetails();
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings.setValue(Settings::Key::MainWindowGeometry, saveGeometry());
    m_settings.setValue(Settings::Key::MainWindowState, saveState());
    QMainWindow::closeEvent(event);
}

std::optional<Credential> MainWindow::selectedCredential() const
{
    const QModelIndexList rows = m_ui->inventoryTableView->selectionModel()->selectedRows();
    return rows.isEmpty() ? std::nullopt : m_model->credentialAt(rows.first().row());
}

void MainWindow::showStatus(const QString& message, bool problem)
{
    statusBar()->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
    statusBar()->showMessage(message, problem ? 0 : 8000);
}

void MainWindow::updateConnections(bool reachable)
{
    if (!m_connections->update(m_sync.connectionId(), reachable))
        m_filters->apply(); // the picked connection is gone: show all again
}

void MainWindow::updateDetails()
{
    const std::optional<Credential> c = selectedCredential();
    const auto target = c ? targetFor(*c) : Expected<CredentialTarget>(Error(Error::Kind::NotFound, {}));
    KeyActionStates::apply(
        *m_ui, {c, m_sync.connectionId(), m_reachable, m_secrets != nullptr,
                m_actions->canTest() && target && target.value().provider.testUrl.isValid(), signedInRole()});
    KeyDetailsPanel::show(*m_ui, c, m_clock.now());
    const bool live = c && c->connectionId == m_sync.connectionId() && m_reachable;
    if (!c || c->id != m_historyShown) {
        m_historyShown = c ? c->id : 0;
        m_history->showKey(c, live ? &m_sync : nullptr);
    }
}

Role MainWindow::signedInRole() const
{
    if (m_reachable)
        return m_sync.identity().role;
    // Offline: the role the last sync saw (an owner when it never synced: nothing is enabled offline anyway).
    auto connection = m_store.connection(m_sync.connectionId());
    return connection && connection.value().role ? *connection.value().role : Role::Owner;
}

void MainWindow::refresh()
{
    refreshThenSay(tr("Up to date."), false);
}

void MainWindow::refreshThenSay(const QString& message, bool problem)
{
    showStatus(tr("Refreshing\u2026"));
    QPointer<MainWindow> self(this);
    m_sync.refresh([self, message, problem](Expected<void> done) {
        if (!self)
            return;
        self->m_reachable = done.ok();
        self->updateConnections(done.ok());
        self->m_projects->update(done.ok());
        self->m_historyShown = 0; // read the selected key's history again
        if (!done) {
            self->showStatus(tr("Could not refresh: %1 The inventory shows the last synced state.")
                                 .arg(done.error().message()),
                             true);
        } else {
            (void)self->m_model->reload();
            self->showStatus(message, problem);
        }
        self->updateDetails();
        emit self->refreshed(done.ok());
    });
}

void MainWindow::generateKey()
{
    if (m_sync.projects().isEmpty())
        return showStatus(tr("This service has no project yet; an admin creates one first (Keys \u2192 New "
                             "Project)."),
                          true);
    const QString picked = m_projects->currentProjectId();
    GenerateKeyDialog dialog(m_sync.client(), m_sync.projects(),
                             picked.isEmpty() ? m_sync.projectId() : picked, m_sync.keyLimit(), m_clock,
                             this);
    if (auto connection = m_store.connection(m_sync.connectionId()))
        dialog.attachTo(connection.value());
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto created = dialog.takeCreatedKey();
    if (!created)
        return;
    const Credential stored = created->key;
    SecretDialog secretDialog(stored.keyId, std::move(created->secret), stored.keychainAccount(), m_secrets,
                              m_clipboard, this);
    created.reset();
    if (const auto project = m_sync.project(stored.project))
        secretDialog.showProject(project->id, project->name);
    secretDialog.exec();
    refresh();
}

void MainWindow::connectService()
{
    if (!m_secrets)
        return;
    ConnectServiceDialog dialog(m_sync.client().network(), m_store, *m_secrets, m_settings, this);
    if (dialog.exec() == QDialog::Accepted) {
        updateConnections(m_reachable);
        showStatus(tr("Connected. Restart KeyDesk to work on %1.").arg(dialog.connectedName()));
    }
}

void MainWindow::copyKeyId()
{
    if (const std::optional<Credential> c = selectedCredential()) {
        m_clipboard.copyText(c->keyId);
        showStatus(tr("Key ID copied."));
    }
}

void MainWindow::toggleActive()
{
    if (const std::optional<Credential> c = selectedCredential())
        m_actions->toggleActive(*c);
}

void MainWindow::deleteKey()
{
    if (const std::optional<Credential> c = selectedCredential()) {
        auto target = targetFor(*c);
        if (!target)
            return showStatus(target.error().message(), true);
        m_actions->remove(target.value());
    }
}

Expected<CredentialTarget> MainWindow::targetFor(const Credential& credential)
{
    return CredentialTarget::resolve(credential, m_store, m_services);
}

QList<TokenSource> MainWindow::tokenSources()
{
    QList<TokenSource> sources;
    for (const CredentialTarget& t : TokenCandidates::list(m_store, m_services, m_clock.now()))
        sources << TokenSource{
            t.credential,
            QStringLiteral("%1 \u2014 %2 (%3)").arg(t.connection.name, t.credential.name, t.credential.keyId),
            t.provider, t.connection};
    return sources;
}

void MainWindow::openTokenGenerator()
{
    if (!m_secrets)
        return;
    TokenGeneratorDialog dialog(tokenSources(), *m_tokenClient, *m_testCall, *m_secrets, m_clipboard,
                                &m_store, MonotonicClock::system(), this);
    if (const std::optional<Credential> c = selectedCredential())
        dialog.selectCredential(c->id);
    dialog.exec();
    (void)m_model->reload();
}

void MainWindow::exportInventory()
{
    const auto choice = ExportFileChooser::ask(this);
    if (!choice)
        return;
    // What is exported is what the table shows: the current search, filters and sort, every row.
    auto written = ExportInventory::write(m_store, m_model->query(), m_model->connectionNames(),
                                          choice->format, choice->path, m_clock.now());
    if (!written)
        return showStatus(written.error().message(), true);
    showStatus(plural(written.value(), "MainWindow", "Exported %1 key to %2.", "Exported %1 keys to %2.")
                   .arg(choice->path));
}

void MainWindow::rotateKey()
{
    const std::optional<Credential> c = selectedCredential();
    if (!c)
        return;
    auto* flow = new RotationFlow(m_store, m_sync, m_secrets, m_clipboard, this);
    connect(flow, &RotationFlow::progress, this, [this](const QString& message) { showStatus(message); });
    connect(flow, &RotationFlow::finished, this, [this, flow](bool ok, const QString& message) {
        (void)m_model->reload();
        showStatus(message, !ok);
        flow->deleteLater();
        emit rotationFinished(ok);
    });
    flow->start(*c);
}

void MainWindow::showReminders(const QList<ReminderPlanner::Reminder>& reminders)
{
    if (!reminders.isEmpty())
        showStatus(reminders.size() == 1 ? reminders.first().message
                                         : tr("%1 (and %2 more reminders; see the Status column)")
                                               .arg(reminders.first().message)
                                               .arg(reminders.size() - 1),
                   true);
}

void MainWindow::showPrivacyLocked()
{
    showStatus(tr("Privacy lock: secrets are hidden and tokens forgotten."));
}

void MainWindow::importCredential()
{
    if (!m_secrets)
        return;
    ImportCredentialDialog dialog(m_store, *m_secrets, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    (void)m_model->reload();
    updateConnections(!m_sync.projectId().isEmpty());
    const int row = m_model->rowOf(dialog.savedCredentialId());
    if (row >= 0)
        m_ui->inventoryTableView->selectRow(row);
    showStatus(tr("Credential added; its secret is in the OS keychain."));
}

void MainWindow::testSelectedKey()
{
    if (const std::optional<Credential> c = selectedCredential()) {
        auto target = targetFor(*c);
        if (!target)
            return showStatus(target.error().message(), true);
        m_actions->test(target.value());
    }
}

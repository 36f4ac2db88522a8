#include "MainWindow.h"

#include "AppIcons.h"
#include "Clipboard.h"
#include "ConnectServiceDialog.h"
#include "ConnectionsPane.h"
#include "DetailsPlacement.h"
#include "EmptyStatePanel.h"
#include "EscapeClears.h"
#include "ExportFileChooser.h"
#include "GenerateKeyDialog.h"
#include "HelpDialogs.h"
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
#include "PreferencesDialog.h"
#include "ProjectControls.h"
#include "PublicKeyDialog.h"
#include "RotationFlow.h"
#include "ScreenFit.h"
#include "SecretDialog.h"
#include "SecretPresenceMarks.h"
#include "SelectionKeeper.h"
#include "StatusColors.h"
#include "StatusLine.h"
#include "TokenGeneratorDialog.h"
#include "UserGuideWindow.h"
#include "core/Plural.h"
#include "core/SecretStore.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/Settings.h"
#include "ui_MainWindow.h"
#include "usecases/ClientKey.h"
#include "usecases/ExportInventory.h"
#include "usecases/KeepNewSecret.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"
#include "usecases/TokenCandidates.h"

#include <QCloseEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPointer>
#include <algorithm>

MainWindow::MainWindow(InventoryStore& store, ServiceSessions& sessions, SecretStore* secrets,
                       Clipboard& clipboard, Settings& settings, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_store(store), m_sessions(sessions),
      m_secrets(secrets), m_clipboard(clipboard), m_settings(settings), m_clock(clock),
      m_model(new InventoryTableModel(store, clock, this)), m_clipboardLabel(new QLabel(this)),
      m_tokenClient(new TokenClient(sessions.network(), this)),
      m_testCall(new TestCall(sessions.network(), this)),
      m_actions(new KeyActions(store, secrets, sessions, *m_tokenClient, *m_testCall, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    AppIcons::applyTo(*m_ui);
    setWindowIcon(AppIcons::application());
    KeyActionStates::keepToolBarSteady(*m_ui);
    KeyDetailsPanel::setUp(*m_ui);
    m_tokenClient->setDeadlineMs(settings.requestDeadlineMs());
    m_testCall->setDeadlineMs(settings.requestDeadlineMs());
    m_statusLine = new StatusLine(statusBar());
    connect(m_actions, &KeyActions::status, m_statusLine, &StatusLine::show);
    connect(m_actions, &KeyActions::tested, this, [this](qint64 id, bool passed, const QString& result) {
        m_testResults.insert(id, {passed, result}); // kept for this session; the summary is also recorded
        reloadTable();                              // the result is recorded in the inventory
        updateDetails();
        emit keyTested(passed);
        syncAfterUse(id);
    });
    connect(m_actions, &KeyActions::statusChanged, this, [this](qint64 id, const QString& message) {
        reloadTable(); // the use case has synced the inventory
        forgetVerdictsOn(id);
        m_statusLine->show(message, false, id);
        m_historyShown = 0; // the change is the newest event in the key's History
        updateDetails();
        emit refreshed(true);
    });
    connect(m_actions, &KeyActions::removed, this,
            [this](qint64 credentialId, bool completely, bool serviceKey, const QString& message) {
                // Ids are reused by the inventory: nothing of this key may stick to the next one.
                m_testResults.remove(credentialId);
                m_selection->forget(credentialId);
                selectNeighbourOf(credentialId);
                if (serviceKey) { // gone at the service: the refresh shows it
                    refreshThenSay(message, !completely);
                } else {
                    reloadTable();
                    showStatus(message, !completely);
                }
                emit keyDeleted(completely);
            });
    InventoryColumns::setUp(m_ui->inventoryTableView, m_model);
    m_selection = new SelectionKeeper(m_ui->inventoryTableView, m_model);
    if (m_secrets) {
        m_secretMarks = new SecretPresenceMarks(*m_secrets, *m_model, *m_ui->inventoryTableView, this);
        m_model->setSecretMarks(m_secretMarks);
        connect(m_secretMarks, &SecretPresenceMarks::changed, this, [this](const QString& account) {
            if (const auto c = selectedCredential(); c && c->keychainAccount() == account)
                updateDetails();
        });
    }
    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({160, 1120});
    // Room for Name, Connection and Status side by side before the details pane goes below the table.
    DetailsPlacement::install(m_ui->contentSplitter, fontMetrics().averageCharWidth() * 64);
    // A narrow window shrinks the side panes too, never hides them: the table keeps Name and Status in view.
    for (int pane = 0; pane < m_ui->splitter->count(); ++pane)
        m_ui->splitter->setCollapsible(pane, false);
    m_connections = new ConnectionsPane(m_ui->connectionsListWidget, store, secrets);
    connect(m_connections, &ConnectionsPane::renamed, this, [this](const QString& message, bool problem) {
        reloadTable(); // the Connection column
        updateConnections();
        updateDetails();
        showStatus(message, problem);
    });
    connect(m_connections, &ConnectionsPane::removed, this, [this](const QString& message, bool problem) {
        m_sessions.closeRemoved();
        refreshThenSay(message, problem);
    });
    if (!m_secrets)
        showStatus(tr("No OS keychain is available: KeyDesk works with key details only."), true);
    statusBar()->addPermanentWidget(m_clipboardLabel);
    auto* countLabel = new InventoryCountLabel(this);
    statusBar()->addPermanentWidget(countLabel);
    connect(m_model, &InventoryTableModel::rowsCounted, countLabel, &InventoryCountLabel::showCount);
    m_emptyState = new EmptyStatePanel(m_ui->inventoryTableView->viewport());
    m_showAll = new QAction(tr("Show &All Keys"), this);
    connect(m_showAll, &QAction::triggered, this, &MainWindow::showAll);
    connect(m_model, &InventoryTableModel::rowsCounted, this, &MainWindow::updateEmptyState);
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
        {m_ui->actionShowPublicKey, &MainWindow::showPublicKey},
        {m_ui->actionEditCredential, &MainWindow::editCredential},
        {m_ui->actionReplaceSecret, &MainWindow::replaceSecret},
        {m_ui->actionExport, &MainWindow::exportInventory},
        {m_ui->actionRotate, &MainWindow::rotateKey}};
    for (const auto& [action, slot] : actions)
        connect(action, &QAction::triggered, this, slot);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionPreferences, &QAction::triggered, this, &MainWindow::openPreferences);
    connect(m_ui->actionAbout, &QAction::triggered, this,
            [this] { HelpDialogs::about(m_settings.fileName(), this)->exec(); });
    connect(m_ui->actionUserGuide, &QAction::triggered, this, &MainWindow::openUserGuide);
    connect(m_ui->actionKeyboardShortcuts, &QAction::triggered, this,
            [this] { HelpDialogs::shortcuts(findChildren<QAction*>(), this)->exec(); });
    m_ui->inventoryTableView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_ui->inventoryTableView, &QWidget::customContextMenuRequested, this,
            &MainWindow::showContextMenu);
    m_ui->actionConnectService->setEnabled(m_secrets != nullptr);
    if (!m_secrets)
        m_ui->actionConnectService->setToolTip(
            tr("Needs the OS keychain, which keeps your token for the service."));
    connect(m_ui->actionFind, &QAction::triggered, this, [this] {
        m_ui->searchLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchLineEdit->selectAll();
    });
    connect(m_ui->searchLineEdit, &QLineEdit::textChanged, m_model, &InventoryTableModel::setSearch);
    EscapeClears::install(m_ui->searchLineEdit);
    m_model->setReminderDays(m_settings.intValue(Settings::Key::ReminderDays));
    m_filters = new InventoryFilters(m_ui->filterComboBox, m_ui->connectionsListWidget,
                                     m_settings.intValue(Settings::Key::ReminderDays), m_model, this);
    m_projects = new ProjectControls(
        m_ui->projectComboBox, {m_ui->actionNewProject, m_ui->actionRenameProject, m_ui->actionDeleteProject},
        store, sessions, this);
    m_filters->setProjectPicker(m_ui->projectComboBox);
    connect(m_ui->connectionsListWidget, &QListWidget::currentRowChanged, this, [this] {
        m_projects->setScope(m_connections->pickedConnection());
        updateDetails(); // Generate Key follows the picked connection's role
    });
    connect(m_projects, &ProjectControls::picked, m_filters, &InventoryFilters::apply);
    connect(m_projects, &ProjectControls::picked, this, &MainWindow::updateDetails);
    connect(m_projects, &ProjectControls::changed, this, &MainWindow::refreshThenSay);
    m_history = new KeyHistoryPanel(store, m_ui->historyTab);
    connect(m_ui->detailsTabWidget, &QTabWidget::currentChanged, this, [this] {
        if (m_ui->detailsTabWidget->currentWidget() != m_ui->historyTab)
            return;
        m_historyShown = 0; // opened: ask the service for what happened since
        updateDetails();
    });
    m_ui->historyLayout->addWidget(m_history);
    connect(m_history, &KeyHistoryPanel::status, this, &MainWindow::showStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateDetails);
    connect(m_ui->inventoryTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateDetails);
    connect(&m_clipboard, &Clipboard::countdown, this, [this](int seconds) {
        m_clipboardLabel->setText(seconds > 0 ? tr("Clipboard clears in %1 s").arg(seconds) : QString());
    });

    restoreGeometry(m_settings.value(Settings::Key::MainWindowGeometry).toByteArray());
    ScreenFit::apply(this);
    restoreState(m_settings.value(Settings::Key::MainWindowState).toByteArray());
    // (No reload here: sortByColumn() above has read the first rows already.)
    updateConnections();
    m_projects->update();
    updateDetails();
}

MainWindow::~MainWindow()
{
    // The details' tabs change as they are taken down: nothing may then update the half-destroyed window.
    disconnect(m_ui->detailsTabWidget, nullptr, this, nullptr);
}

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
    m_statusLine->show(message, problem);
}

void MainWindow::forgetVerdictsOn(qint64 credentialId)
{
    m_testResults.remove(credentialId);
    m_statusLine->keyChanged(credentialId);
}

void MainWindow::updateConnections()
{
    if (!m_connections->update(m_sessions.reachability()))
        m_filters->apply(); // the picked connection is gone: show all again
    m_projects->setScope(m_connections->pickedConnection());
}

void MainWindow::updateDetails()
{
    const std::optional<Credential> c = selectedCredential();
    const auto target = c ? targetFor(*c) : Expected<CredentialTarget>(Error(Error::Kind::NotFound, {}));
    KeyActionStates::Context context =
        actionContext(c, m_actions->canTest() && target && target.value().provider.testUrl.isValid());
    context.signsWithKey = target && target.value().connection.signsWithKey();
    context.secretMissing = c && m_secretMarks && m_secretMarks->isMissing(*c);
    KeyActionStates::apply(*m_ui, context);
    KeyDetailsPanel::Extras extras;
    extras.reminderDays = m_model->reminderDays();
    if (c) { // (no key is also what a reload shows for a moment: that changes nothing said)
        m_statusLine->keySelected(c->id);
        extras.test = m_testResults.value(c->id);
        extras.secretMissing = m_secretMarks && m_secretMarks->isMissing(*c);
        if (auto links = m_store.rotationLinks(*c)) // unreadable: no links shown, the rest still is
            extras.rotation = links.value();
        if (target && target.value().connection.kind != Connection::Kind::KeyDeskService) {
            extras.provider = target.value().provider;
            extras.oauth2 = target.value().connection.kind == Connection::Kind::OAuth2Provider;
        }
    }
    KeyDetailsPanel::show(*m_ui, c, m_clock.now(), extras);
    ServiceSession* service = c ? m_sessions.serviceFor(c->connectionId) : nullptr;
    const bool live = service && m_sessions.reachable(c->connectionId);
    if (!c || c->id != m_historyShown) {
        m_historyShown = c ? c->id : 0;
        m_history->showKey(c, live ? service : nullptr);
    }
}

KeyActionStates::Context MainWindow::actionContext(const std::optional<Credential>& selected,
                                                   bool testable) const
{
    KeyActionStates::Context context;
    context.selected = selected;
    context.serviceKey = selected && m_sessions.serviceFor(selected->connectionId);
    context.online = selected && m_sessions.reachable(selected->connectionId);
    context.role = selected ? m_sessions.roleOn(selected->connectionId) : Role::Owner;
    context.keychain = m_secrets != nullptr;
    context.testable = testable;
    // A connection picked on the left is where a new key goes: where we may not add keys, say why rather
    // than quietly offer another service's projects. Otherwise Generate Key asks where the key goes, and is
    // offered when any reached service lets us add keys.
    const std::optional<qint64> picked = m_projects->pickedConnection();
    const ServiceSessions::AddKeysRight right = m_sessions.mayAddKeys(picked);
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

// Modeless, and only one: F1 again brings the open guide forward.
void MainWindow::openUserGuide()
{
    if (!m_userGuide) {
        m_userGuide = new UserGuideWindow(UserGuideWindow::installedHelpDir(), QLocale(), this);
        m_userGuide->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_userGuide->show();
    m_userGuide->raise();
    m_userGuide->activateWindow();
}

void MainWindow::openPreferences()
{
    PreferencesDialog dialog(m_settings, this);
    if (dialog.exec() == QDialog::Accepted)
        applyPreferences();
}

void MainWindow::applyPreferences()
{
    m_clipboard.setTimeoutSeconds(m_settings.clipboardTimeoutSeconds());
    m_tokenClient->setDeadlineMs(m_settings.requestDeadlineMs());
    m_testCall->setDeadlineMs(m_settings.requestDeadlineMs());
    m_sessions.setDeadlineMs(m_settings.requestDeadlineMs());
    m_filters->setReminderDays(m_settings.intValue(Settings::Key::ReminderDays));
    m_model->setReminderDays(m_settings.intValue(Settings::Key::ReminderDays));
    emit preferencesChanged(); // the rest (privacy lock, reminders) belongs to the application
}

void MainWindow::selectNeighbourOf(qint64 credentialId)
{
    // After a deletion the next key is selected (the one before, at the end), as file managers do.
    const int row = m_model->rowOf(credentialId);
    if (row < 0)
        return;
    std::optional<Credential> next = m_model->credentialAt(row + 1);
    if (!next && row > 0)
        next = m_model->credentialAt(row - 1);
    if (next)
        m_selection->select(next->id);
}

void MainWindow::syncAfterUse(qint64 credentialId)
{
    // A test call used the key at its service: its Last used and History changed there.
    const auto tested = m_store.credentialsByIds({credentialId});
    if (!tested || tested.value().isEmpty())
        return;
    ServiceSession* service = m_sessions.serviceFor(tested.value().first().connectionId);
    if (!service || !m_sessions.reachable(tested.value().first().connectionId))
        return;
    QPointer<MainWindow> self(this);
    service->refresh([self](Expected<void> synced) {
        if (!self || !synced) // not refreshed: the next refresh shows it
            return;
        self->reloadTable();
        self->m_historyShown = 0;
        self->updateDetails();
    });
}

void MainWindow::reloadTable()
{
    (void)m_model->reload(); // a failure reaches the status line through readFailed
}

void MainWindow::refresh()
{
    refreshThenSay(tr("Up to date."), false);
}

void MainWindow::refreshThenSay(const QString& message, bool problem)
{
    showStatus(tr("Refreshing\u2026"));
    QPointer<MainWindow> self(this);
    m_sessions.refresh([self, message, problem](const QList<ServiceSessions::Failure>& failures) {
        if (!self)
            return;
        self->updateConnections();
        self->m_projects->update();
        self->m_historyShown = 0; // read the selected key's history again
        if (self->m_secretMarks)  // a secret may have been kept or replaced since
            self->m_secretMarks->forgetAll();
        self->reloadTable(); // the services that answered have synced their part
        if (failures.isEmpty()) {
            self->showStatus(message, problem);
        } else if (self->m_sessions.all().size() == 1) {
            self->showStatus(tr("Could not refresh: %1 The inventory shows the last synced state.")
                                 .arg(failures.first().error.message()),
                             true);
        } else {
            QStringList names;
            for (const ServiceSessions::Failure& f : failures)
                names << f.name;
            self->showStatus(tr("Could not refresh %1: %2 Its keys show the last synced state.")
                                 .arg(names.join(QStringLiteral(", ")), failures.first().error.message()),
                             true);
        }
        self->updateDetails();
        emit self->refreshed(failures.isEmpty());
    });
}

void MainWindow::generateKey()
{
    // Every project of every reached service that lets us add keys; the picked one (or the picked service's
    // first) is shown first.
    QList<GenerateKeyDialog::Destination> destinations;
    int picked = 0;
    const ServiceSession* target = m_projects->targetService();
    const QString pickedProject = m_projects->currentProjectId();
    for (ServiceSession* service : m_sessions.all()) {
        auto connection = m_store.connection(service->connectionId());
        if (!connection || !m_sessions.reachable(service->connectionId()) ||
            !service->allows(Permission::ManageKeys))
            continue;
        for (const Project& p : service->projects()) {
            if (service == target && p.id == (pickedProject.isEmpty() ? service->projectId() : pickedProject))
                picked = int(destinations.size());
            destinations << GenerateKeyDialog::Destination{&service->client(), connection.value(), p,
                                                           service->keyLimit()};
        }
    }
    if (destinations.isEmpty())
        return showStatus(tr("No connected service has a project you may add keys to; an admin creates one "
                             "first (Keys \u2192 New Project)."),
                          true);
    GenerateKeyDialog dialog(destinations, picked, m_clock, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto created = dialog.takeCreatedKey();
    if (!created)
        return;
    const Credential stored = created->key;
    SecretDialog secretDialog(stored.keyId, std::move(created->secret), stored.keychainAccount(), m_secrets,
                              m_clipboard, this);
    created.reset();
    const ServiceSession* service = m_sessions.serviceFor(stored.connectionId);
    if (const auto project = service ? service->project(stored.project) : std::nullopt)
        secretDialog.showProject(project->id, project->name);
    secretDialog.nameKey(stored.name);
    for (const GenerateKeyDialog::Destination& d : destinations) {
        if (d.connection.id == stored.connectionId)
            secretDialog.setConnectionName(d.connection.name);
    }
    secretDialog.exec();
    KeepNewSecret(m_store, m_secrets).record(stored, secretDialog.storedInKeychain());
    // Show the new key where the user looks: selected, even when a filter would have hidden it.
    auto once = std::make_shared<QMetaObject::Connection>();
    *once = connect(this, &MainWindow::refreshed, this, [this, once, stored](bool) {
        disconnect(*once);
        selectKey(stored.connectionId, stored.keyId);
    });
    refresh();
}

void MainWindow::selectKey(qint64 connectionId, const QString& keyId)
{
    auto keys = m_store.credentials(InventoryQuery::inConnection(connectionId));
    const auto found = keys ? std::find_if(keys.value().cbegin(), keys.value().cend(),
                                           [&keyId](const Credential& c) { return c.keyId == keyId; })
                            : QList<Credential>::const_iterator();
    if (!keys || found == keys.value().cend())
        return;
    reveal(found->id);
}

void MainWindow::reveal(qint64 credentialId)
{
    if (m_model->rowOf(credentialId) < 0) // hidden by a pick, a filter or a search
        showAll();
    m_selection->select(credentialId);
}

void MainWindow::showAll()
{
    m_projects->setScope(0);
    m_ui->projectComboBox->setCurrentIndex(0);
    m_ui->connectionsListWidget->setCurrentRow(0);
    m_ui->searchLineEdit->clear();
    m_ui->filterComboBox->setCurrentIndex(0);
}

void MainWindow::updateEmptyState(int rows, bool complete)
{
    if (rows > 0 || !complete)
        return m_emptyState->hide();
    if (const auto total = m_store.countCredentials(); total && total.value() == 0)
        return m_emptyState->showState(
            tr("No keys yet. Generate your first key, add a credential a vendor gave you, or connect to your "
               "team's KeyDesk service."),
            {m_ui->actionGenerateKey, m_ui->actionImportCredential, m_ui->actionConnectService});
    const qint64 picked = m_connections->pickedConnection();
    if (const auto c =
            picked ? m_store.connection(picked) : Expected<Connection>(Error(Error::Kind::NotFound, {}));
        c && c.value().kind == Connection::Kind::KeyDeskService && !m_sessions.reachable(picked) &&
        !c.value().lastSyncedAt.isValid())
        return m_emptyState->showState(
            tr("Nothing from %1 yet: it has not been reached. Refresh (F5) when it is back.")
                .arg(c.value().name),
            {m_ui->actionRefresh});
    m_emptyState->showState(tr("No keys match the search and filters."), {m_showAll});
}

void MainWindow::connectService()
{
    if (!m_secrets)
        return;
    ConnectServiceDialog dialog(m_sessions.network(), m_store, *m_secrets, this);
    dialog.setDeadlineMs(m_settings.requestDeadlineMs());
    if (dialog.exec() != QDialog::Accepted || !dialog.connected())
        return;
    const Connection connected = *dialog.connected();
    updateConnections();
    showStatus(tr("Connecting to %1\u2026").arg(connected.name));
    QPointer<MainWindow> self(this);
    m_sessions.openFromKeychain(connected, *m_secrets, [self, connected](Expected<ServiceSession*> opened) {
        if (!self)
            return;
        if (!opened)
            return self->showStatus(opened.error().message(), true);
        self->refreshThenSay(tr("Connected to %1: its keys are listed with the others.").arg(connected.name),
                             false);
    });
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
    return CredentialTarget::resolve(credential, m_store, m_sessions);
}

QList<TokenSource> MainWindow::tokenSources()
{
    QList<TokenSource> sources;
    for (const CredentialTarget& t : TokenCandidates::list(m_store, m_sessions, m_clock.now()))
        sources << TokenSource{t.credential,
                               QStringLiteral("%1 \u2014 %2 (%3)")
                                   .arg(t.connection.displayName(), t.credential.name, t.credential.keyId),
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
    reloadTable();
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
    QString said =
        plural(written.value().keys, "MainWindow", QT_TRANSLATE_NOOP("MainWindow", "Exported %1 key to %2."),
               QT_TRANSLATE_NOOP("MainWindow", "Exported %1 keys to %2."))
            .arg(choice->path);
    if (written.value().leftOut > 0) // the calendar has an event per expiry date: say who is not in it
        said +=
            QLatin1Char(' ') + plural(written.value().leftOut, "MainWindow",
                                      QT_TRANSLATE_NOOP("MainWindow", "%1 key never expires and is not in "
                                                                      "the calendar."),
                                      QT_TRANSLATE_NOOP("MainWindow", "%1 keys never expire and are not in "
                                                                      "the calendar."));
    showStatus(said);
}

void MainWindow::rotateKey()
{
    const std::optional<Credential> c = selectedCredential();
    if (!c)
        return;
    auto* flow = new RotationFlow(m_store, m_sessions, m_secrets, m_clipboard, this);
    connect(flow, &RotationFlow::progress, this, [this](const QString& message) { showStatus(message); });
    // Each step shows in the table before the next question is asked about it.
    connect(flow, &RotationFlow::successorCreated, this, [this](qint64 connectionId, const QString& keyId) {
        reloadTable();
        selectKey(connectionId, keyId);
    });
    connect(flow, &RotationFlow::deactivated, this, [this](qint64 credentialId) {
        reloadTable();
        forgetVerdictsOn(credentialId);
        m_historyShown = 0;
        reveal(credentialId);
    });
    connect(flow, &RotationFlow::finished, this, [this, flow](bool ok, const QString& message) {
        reloadTable();
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
    dialog.enableDiscovery(m_sessions.network(), m_settings.requestDeadlineMs());
    if (dialog.exec() != QDialog::Accepted)
        return;
    reloadTable();
    updateConnections();
    reveal(dialog.savedCredentialId());
    if (!dialog.savedSignsWithKey())
        return showStatus(tr("Credential added; its secret is in the OS keychain."));
    showStatus(
        tr("Credential added; its private key is in the OS keychain. Give the vendor its public key."));
    showPublicKeyOf(dialog.savedCredentialId()); // by id: the new row may not be in the table yet
}

void MainWindow::editCredential()
{
    openCredentialEditor(false);
}

void MainWindow::openCredentialEditor(bool focusSecret)
{
    const std::optional<Credential> c = selectedCredential();
    if (!c || !m_secrets)
        return;
    auto connection = m_store.connection(c->connectionId);
    if (!connection)
        return showStatus(connection.error().message(), true);
    ImportCredentialDialog dialog(m_store, *m_secrets, this);
    dialog.enableDiscovery(m_sessions.network(), m_settings.requestDeadlineMs());
    dialog.editExisting(connection.value(), *c, focusSecret);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_secretMarks) // its secret may have been replaced
        m_secretMarks->forgetAll();
    reloadTable();
    updateConnections();
    updateDetails();
    showStatus(tr("\u201C%1\u201D is saved.").arg(c->name));
}

void MainWindow::replaceSecret()
{
    openCredentialEditor(true);
}

void MainWindow::showContextMenu(const QPoint& at)
{
    const QModelIndex index = m_ui->inventoryTableView->indexAt(at);
    if (!index.isValid())
        return;
    m_ui->inventoryTableView->selectRow(index.row());
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("keyContextMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setToolTipsVisible(true); // a disabled action says why, as in the toolbar
    // What every key has is always listed, disabled with the reason when it cannot be done now (a role,
    // offline, its secret elsewhere); what only some kinds of key have is listed when it applies.
    QList<QAction*> always{m_ui->actionCopyKeyId, m_ui->actionTestKey, m_ui->actionDelete};
    const std::optional<Credential> c = selectedCredential();
    if (const auto target = c ? targetFor(*c) : Expected<CredentialTarget>(Error(Error::Kind::NotFound, {}));
        target && target.value().connection.kind == Connection::Kind::KeyDeskService)
        always << m_ui->actionToggleActive << m_ui->actionRotate; // a vendor's credential: at the vendor
    for (QAction* a : std::initializer_list<QAction*>{
             m_ui->actionCopyKeyId, m_ui->actionTestKey, m_ui->actionTokenGenerator,
             m_ui->actionShowPublicKey, nullptr, m_ui->actionToggleActive, m_ui->actionRotate,
             m_ui->actionEditCredential, m_ui->actionReplaceSecret, nullptr, m_ui->actionDelete}) {
        if (!a)
            menu->addSeparator();
        else if (a->isEnabled() || always.contains(a))
            menu->addAction(a);
    }
    menu->popup(m_ui->inventoryTableView->viewport()->mapToGlobal(at));
}

void MainWindow::showPublicKey()
{
    if (const std::optional<Credential> c = selectedCredential())
        showPublicKeyOf(c->id);
}

void MainWindow::showPublicKeyOf(qint64 credentialId)
{
    auto found = m_store.credentialsByIds({credentialId});
    if (!found || found.value().isEmpty() || !m_secrets)
        return;
    const std::optional<Credential> c = found.value().first();
    auto target = targetFor(*c);
    if (!target)
        return showStatus(target.error().message(), true);
    QPointer<MainWindow> self(this);
    ClientKey::readPublicKey(*m_secrets, target.value().connection, *c,
                             [self, clientId = c->keyId](Expected<ClientAssertion::PublicKey> key) {
                                 if (!self)
                                     return;
                                 if (!key)
                                     return self->showStatus(key.error().message(), true);
                                 auto* dialog =
                                     new PublicKeyDialog(key.value(), clientId, self->m_clipboard, self);
                                 dialog->setAttribute(Qt::WA_DeleteOnClose);
                                 dialog->open();
                             });
}

void MainWindow::testSelectedKey()
{
    if (const std::optional<Credential> c = selectedCredential()) {
        auto target = targetFor(*c);
        if (!target)
            return showStatus(target.error().message(), true);
        if (!m_actions->canTest())
            return;
        m_testResults.insert(c->id, {true, tr("Testing\u2026")});
        updateDetails();
        m_actions->test(target.value());
    }
}

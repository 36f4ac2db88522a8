#include "MainWindow.h"

#include "AppIcons.h"
#include "Clipboard.h"
#include "ConnectionsPane.h"
#include "DialogActions.h"
#include "HelpDialogs.h"
#include "InventoryFilters.h"
#include "InventoryPane.h"
#include "InventoryTableModel.h"
#include "KeyActions.h"
#include "KeyContextMenu.h"
#include "PaneLayout.h"
#include "PlainTextLabels.h"
#include "PreferencesDialog.h"
#include "ProjectControls.h"
#include "RefreshMessage.h"
#include "ScreenFit.h"
#include "SecretPresenceMarks.h"
#include "SelectedKeyView.h"
#include "StatusLine.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/Settings.h"
#include "ui_MainWindow.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QCloseEvent>
#include <QListWidget>
#include <QPointer>

MainWindow::MainWindow(InventoryStore& store, ServiceSessions& sessions, SecretStore* secrets,
                       Clipboard& clipboard, Settings& settings, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_store(store), m_sessions(sessions),
      m_secrets(secrets), m_clipboard(clipboard), m_settings(settings),
      m_model(new InventoryTableModel(store, clock, this)),
      m_tokenClient(new TokenClient(sessions.network(), this)),
      m_testCall(new TestCall(sessions.network(), this)),
      m_actions(new KeyActions(store, secrets, sessions, *m_tokenClient, *m_testCall, clipboard, this)),
      m_dialogs(
          new DialogActions(store, sessions, secrets, clipboard, clock, *m_tokenClient, *m_testCall, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    AppIcons::applyTo(*m_ui);
    setWindowIcon(AppIcons::application());
    KeyActionStates::keepToolBarSteady(*m_ui);
    PaneLayout::apply(*m_ui, fontMetrics().averageCharWidth());
    applyRequestDeadline();
    m_statusLine = new StatusLine(statusBar(), clipboard);
    m_connections = new ConnectionsPane(m_ui->connectionsListWidget, store, secrets);
    m_projects = new ProjectControls(
        m_ui->projectComboBox, {m_ui->actionNewProject, m_ui->actionRenameProject, m_ui->actionDeleteProject},
        store, sessions, this);
    m_inventory = new InventoryPane(*m_ui, *m_model, store, sessions, secrets, *m_connections, *m_projects,
                                    settings.intValue(Settings::Key::ReminderDays), statusBar(), this);
    connect(m_model, &InventoryTableModel::readFailed, this,
            [this](const Error& error) { showStatus(error.toString(), true); });
    m_details = new SelectedKeyView(*m_ui, *m_model, store, sessions, m_inventory->secretMarks(), *m_projects,
                                    *m_statusLine, m_actions->canTest(), clock, this);
    connect(m_details, &SelectedKeyView::status, this, &MainWindow::showStatus);
    connectPanes();
    connectKeyActions();
    connectDialogActions();
    setUpMenus();
    if (!m_secrets)
        showStatus(tr("No OS keychain is available: KeyDesk works with key details only."), true);

    restoreGeometry(m_settings.value(Settings::Key::MainWindowGeometry).toByteArray());
    ScreenFit::apply(this);
    restoreState(m_settings.value(Settings::Key::MainWindowState).toByteArray());
    // (No reload here: sortByColumn() above has read the first rows already.)
    updateConnections();
    m_projects->update();
    m_details->update();
}

MainWindow::~MainWindow()
{
    // The details' tabs change as they are taken down: nothing may then update the half-destroyed window.
    delete m_details;
}

// The connections on the left and the project picker: what is picked scopes the table and Generate Key.
void MainWindow::connectPanes()
{
    connect(m_connections, &ConnectionsPane::renamed, this, [this](const QString& message, bool problem) {
        reloadTable(); // the Connection column
        updateConnections();
        m_details->update();
        showStatus(message, problem);
    });
    connect(m_connections, &ConnectionsPane::removed, this, [this](const QString& message, bool problem) {
        m_sessions.closeRemoved();
        refreshThenSay(message, problem);
    });
    connect(m_ui->connectionsListWidget, &QListWidget::currentRowChanged, this, [this] {
        m_projects->setScope(m_connections->pickedConnection());
        m_details->update(); // Generate Key follows the picked connection's role
    });
    connect(m_projects, &ProjectControls::picked, m_details, &SelectedKeyView::update);
    connect(m_projects, &ProjectControls::changed, this, &MainWindow::refreshThenSay);
}

void MainWindow::connectKeyActions()
{
    m_details->follow(*m_actions); // first: a changed key's History is read again when it is shown
    m_inventory->follow(*m_actions);
    connect(m_actions, &KeyActions::status, m_statusLine, &StatusLine::show);
    connect(m_actions, &KeyActions::statusChanged, this, [this](qint64 id, const QString& message) {
        m_statusLine->show(message, false, id);
        emit refreshed(true);
    });
    connect(m_actions, &KeyActions::removed, this,
            [this](qint64, bool completely, bool serviceKey, const QString& message) {
                if (serviceKey) { // gone at the service: the refresh shows it
                    refreshThenSay(message, !completely);
                } else {
                    reloadTable();
                    showStatus(message, !completely);
                }
            });
    connect(m_actions, &KeyActions::rotated, this,
            [this](bool ok, const QString& message) { showStatus(message, !ok); });
}

void MainWindow::connectDialogActions()
{
    connect(m_dialogs, &DialogActions::status, this, &MainWindow::showStatus);
    connect(m_dialogs, &DialogActions::keyCreated, this, [this](qint64 connectionId, const QString& keyId) {
        // Show the new key where the user looks: selected, even when a filter would have hidden it.
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = connect(this, &MainWindow::refreshed, this, [this, once, connectionId, keyId](bool) {
            disconnect(*once);
            m_inventory->reveal(connectionId, keyId);
        });
        refresh();
    });
    connect(m_dialogs, &DialogActions::connectionAdded, this, &MainWindow::updateConnections);
    connect(m_dialogs, &DialogActions::refreshRequested, this,
            [this](const QString& thenSay) { refreshThenSay(thenSay, false); });
    connect(m_dialogs, &DialogActions::credentialSaved, this, [this](qint64 credentialId, bool added) {
        if (SecretPresenceMarks* marks = m_inventory->secretMarks()) // its secret may have been replaced
            marks->forgetAll();
        reloadTable();
        updateConnections();
        if (added)
            m_inventory->reveal(credentialId);
        m_details->update();
    });
    connect(m_dialogs, &DialogActions::inventoryChanged, this, &MainWindow::reloadTable);
}

void MainWindow::setUpMenus()
{
    // What the menus, the toolbar and the context menu do; the key actions work on the selected key.
    const auto onSelected = [this](void (KeyActions::*act)(const Credential&)) {
        return [this, act] {
            if (const std::optional<Credential> c = selectedCredential())
                (m_actions->*act)(*c);
        };
    };
    const auto editing = [this](bool focusSecret) {
        return [this, focusSecret] {
            if (const std::optional<Credential> c = selectedCredential())
                m_dialogs->editCredential(*c, focusSecret);
        };
    };
    const QList<QPair<QAction*, std::function<void()>>> actions = {
        {m_ui->actionGenerateKey,
         [this] {
             m_dialogs->generateKey(m_projects->targetService(), m_projects->currentProjectId());
         }},
        {m_ui->actionCopyKeyId,
         [this] {
             copyKeyId();
         }},
        {m_ui->actionToggleActive, onSelected(&KeyActions::toggleActive)},
        {m_ui->actionDelete, onSelected(&KeyActions::remove)},
        {m_ui->actionTestKey, onSelected(&KeyActions::test)},
        {m_ui->actionRotate, onSelected(&KeyActions::rotate)},
        {m_ui->actionRefresh,
         [this] {
             refresh();
         }},
        {m_ui->actionConnectService,
         [this] {
             m_dialogs->connectService();
         }},
        {m_ui->actionTokenGenerator,
         [this] {
             m_dialogs->openTokenGenerator(selectedCredential());
         }},
        {m_ui->actionImportCredential,
         [this] {
             m_dialogs->importCredential();
         }},
        {m_ui->actionShowPublicKey,
         [this] {
             if (const std::optional<Credential> c = selectedCredential())
                 m_dialogs->showPublicKeyOf(c->id);
         }},
        {m_ui->actionEditCredential, editing(false)},
        {m_ui->actionReplaceSecret, editing(true)},
        {m_ui->actionExport,
         [this] {
             m_dialogs->exportInventory(*m_model);
         }},
        {m_ui->actionPreferences, [this] {
             openPreferences();
         }}};
    for (const auto& [action, run] : actions)
        connect(action, &QAction::triggered, this, run);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this,
            [this] { HelpDialogs::about(m_settings.fileName(), this)->exec(); });
    connect(m_ui->actionUserGuide, &QAction::triggered, m_dialogs, &DialogActions::openUserGuide);
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
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings.setValue(Settings::Key::MainWindowGeometry, saveGeometry());
    m_settings.setValue(Settings::Key::MainWindowState, saveState());
    QMainWindow::closeEvent(event);
}

std::optional<Credential> MainWindow::selectedCredential() const
{
    return m_details->selected();
}

void MainWindow::showStatus(const QString& message, bool problem)
{
    m_statusLine->show(message, problem);
}

void MainWindow::updateConnections()
{
    if (!m_connections->update(m_sessions.reachability()))
        m_inventory->filters().apply(); // the picked connection is gone: show all again
    m_projects->setScope(m_connections->pickedConnection());
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
    applyRequestDeadline();
    m_sessions.setDeadlineMs(m_settings.requestDeadlineMs());
    m_inventory->setReminderDays(m_settings.intValue(Settings::Key::ReminderDays));
    emit preferencesChanged(); // the rest (privacy lock, reminders) belongs to the application
}

void MainWindow::applyRequestDeadline()
{
    m_tokenClient->setDeadlineMs(m_settings.requestDeadlineMs());
    m_testCall->setDeadlineMs(m_settings.requestDeadlineMs());
    m_dialogs->setDeadlineMs(m_settings.requestDeadlineMs());
}

void MainWindow::reloadTable()
{
    m_inventory->reload();
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
        self->m_details->historyChanged();
        if (SecretPresenceMarks* marks = self->m_inventory->secretMarks()) // a secret may be new or replaced
            marks->forgetAll();
        self->reloadTable(); // the services that answered have synced their part
        self->showStatus(RefreshMessage::after(failures, int(self->m_sessions.all().size()), message),
                         problem || !failures.isEmpty());
        self->m_details->update();
        emit self->refreshed(failures.isEmpty());
    });
}

void MainWindow::copyKeyId()
{
    if (const std::optional<Credential> c = selectedCredential()) {
        m_clipboard.copyText(c->keyId);
        showStatus(tr("Key ID copied."));
    }
}

void MainWindow::showContextMenu(const QPoint& at)
{
    const QModelIndex index = m_ui->inventoryTableView->indexAt(at);
    if (!index.isValid())
        return;
    m_ui->inventoryTableView->selectRow(index.row());
    const std::optional<Credential> c = selectedCredential();
    const auto target = c ? CredentialTarget::resolve(*c, m_store, m_sessions)
                          : Expected<CredentialTarget>(Error(Error::Kind::NotFound, {}));
    KeyContextMenu::popUp(*m_ui, target && target.value().connection.kind == Connection::Kind::KeyDeskService,
                          this, at);
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

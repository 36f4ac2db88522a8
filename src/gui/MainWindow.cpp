#include "MainWindow.h"

#include "Clipboard.h"
#include "ConnectServiceDialog.h"
#include "DateFormat.h"
#include "FileDialog.h"
#include "GenerateKeyDialog.h"
#include "ImportCredentialDialog.h"
#include "InventoryColumns.h"
#include "InventoryCountLabel.h"
#include "InventoryFilters.h"
#include "InventoryTableModel.h"
#include "MessageBox.h"
#include "PlainTextLabels.h"
#include "RotationFlow.h"
#include "SecretDialog.h"
#include "TokenGeneratorDialog.h"
#include "core/CredentialFormatter.h"
#include "core/IcsCalendar.h"
#include "core/Plural.h"
#include "net/InventorySync.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/SecretStore.h"
#include "storage/Settings.h"
#include "ui_MainWindow.h"
#include "usecases/ChangeKeyStatus.h"
#include "usecases/DeleteCredential.h"
#include "usecases/TestCredential.h"

#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSaveFile>

MainWindow::MainWindow(InventoryStore& store, InventorySync& sync, SecretStore* secrets, Clipboard& clipboard,
                       Settings& settings, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_store(store), m_sync(sync),
      m_secrets(secrets), m_clipboard(clipboard), m_settings(settings), m_clock(clock),
      m_model(new InventoryTableModel(store, clock, this)), m_clipboardLabel(new QLabel(this)),
      m_tokenClient(new TokenClient(sync.client().network(), this)),
      m_testCall(new TestCall(sync.client().network(), this)),
      m_deleteCredential(new DeleteCredential(store, secrets, m_services, this)),
      m_changeStatus(new ChangeKeyStatus(m_services, this))
{
    m_ui->setupUi(this);
    PlainTextLabels::apply(this);
    m_services.add(sync);
    m_tokenClient->setDeadlineMs(settings.requestDeadlineMs());
    m_testCall->setDeadlineMs(settings.requestDeadlineMs());
    if (m_secrets)
        m_testCredential = new TestCredential(*m_secrets, *m_tokenClient, *m_testCall, store, this);
    m_ui->inventoryTableView->setModel(m_model);
    m_ui->inventoryTableView->horizontalHeader()->setStretchLastSection(true);
    InventoryColumns::applyDefaultWidths(m_ui->inventoryTableView);
    m_ui->inventoryTableView->verticalHeader()->hide();
    // Fixed row heights: the view then never measures rows, which is what keeps a million of them smooth.
    m_ui->inventoryTableView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->inventoryTableView->sortByColumn(InventoryTableModel::Name, Qt::AscendingOrder);
    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setSizes({160, 880, 240});
    m_ui->connectionsListWidget->setSpacing(3);
    m_ui->connectionsListWidget->setWordWrap(true);
    if (!m_secrets)
        showStatus(tr("No OS keychain is available: KeyDesk works with key details only."), true);
    statusBar()->addPermanentWidget(m_clipboardLabel);
    auto* countLabel = new InventoryCountLabel(this);
    statusBar()->addPermanentWidget(countLabel);
    connect(m_model, &InventoryTableModel::rowsCounted, countLabel, &InventoryCountLabel::showCount);
    connect(m_model, &InventoryTableModel::readFailed, this,
            [this](const Error& error) { showStatus(error.toString(), true); });

    connect(m_ui->actionGenerateKey, &QAction::triggered, this, &MainWindow::generateKey);
    connect(m_ui->actionCopyKeyId, &QAction::triggered, this, &MainWindow::copyKeyId);
    connect(m_ui->actionToggleActive, &QAction::triggered, this, &MainWindow::toggleActive);
    connect(m_ui->actionDelete, &QAction::triggered, this, &MainWindow::deleteKey);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionConnectService, &QAction::triggered, this, &MainWindow::connectService);
    connect(m_ui->actionTokenGenerator, &QAction::triggered, this, &MainWindow::openTokenGenerator);
    connect(m_ui->actionTestKey, &QAction::triggered, this, &MainWindow::testSelectedKey);
    connect(m_ui->actionImportCredential, &QAction::triggered, this, &MainWindow::importCredential);
    connect(m_ui->actionExport, &QAction::triggered, this, &MainWindow::exportInventory);
    connect(m_ui->actionRotate, &QAction::triggered, this, &MainWindow::rotateKey);
    connect(m_ui->actionUseLocalService, &QAction::triggered, this, [this] {
        m_settings.remove(Settings::Key::ActiveService);
        showStatus(tr("KeyDesk will use its local service from the next start."));
    });
    m_ui->actionConnectService->setEnabled(m_secrets != nullptr);
    if (!m_secrets)
        m_ui->actionConnectService->setToolTip(tr("Needs the OS keychain, which keeps the admin token."));
    connect(m_ui->actionFind, &QAction::triggered, this, [this] {
        m_ui->searchLineEdit->setFocus(Qt::ShortcutFocusReason);
        m_ui->searchLineEdit->selectAll();
    });
    connect(m_ui->searchLineEdit, &QLineEdit::textChanged, m_model, &InventoryTableModel::setSearch);
    m_filters = new InventoryFilters(m_ui->filterComboBox, m_ui->connectionsListWidget,
                                     m_settings.value(Settings::Key::ReminderDays).toInt(), m_model, this);
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
    // Rebuilt on every refresh; the connection picked as a filter stays picked.
    const QListWidgetItem* picked = m_ui->connectionsListWidget->currentItem();
    const qint64 pickedId = picked ? picked->data(Qt::UserRole).toLongLong() : 0;
    const QSignalBlocker quiet(m_ui->connectionsListWidget);
    m_ui->connectionsListWidget->clear();
    auto connections = m_store.connections();
    if (!connections)
        return;
    auto* all = new QListWidgetItem(tr("All connections"), m_ui->connectionsListWidget);
    all->setData(Qt::UserRole, qint64(0));
    m_ui->connectionsListWidget->setCurrentItem(all);
    for (const Connection& c : connections.value()) {
        QString state;
        if (c.id == m_sync.connectionId())
            state = reachable ? tr("reachable") : tr("unreachable");
        const QString synced = c.lastSyncedAt.isValid()
                                   ? tr("synced %1").arg(DateFormat::dateTime(c.lastSyncedAt))
                                   : tr("never synced");
        const QString kind = c.kind == Connection::Kind::KeyDeskService   ? tr("KeyDesk service")
                             : c.kind == Connection::Kind::OAuth2Provider ? tr("OAuth2 provider")
                                                                          : tr("API-key provider");
        auto* item =
            new QListWidgetItem(QStringLiteral("%1\n%2").arg(c.name, state.isEmpty() ? kind : state) +
                                QStringLiteral("\n") + synced);
        item->setToolTip(kind);
        if (c.id == m_sync.connectionId())
            item->setForeground(reachable ? QBrush(QColor(0x1b, 0x7f, 0x3a))
                                          : QBrush(QColor(0xb3, 0x26, 0x1e)));
        item->setData(Qt::UserRole, c.id);
        m_ui->connectionsListWidget->addItem(item);
        if (c.id == pickedId)
            m_ui->connectionsListWidget->setCurrentItem(item);
    }
    if (pickedId != 0 && m_ui->connectionsListWidget->currentItem() == all)
        m_filters->apply(); // the picked connection is gone: show all again
}

void MainWindow::updateDetails()
{
    const std::optional<Credential> c = selectedCredential();
    const bool has = c.has_value();
    const bool ours = has && c->connectionId == m_sync.connectionId();
    m_ui->actionToggleActive->setEnabled(ours && m_reachable);
    // A hand-imported credential is deleted on this computer only; a service key needs its service.
    m_ui->actionDelete->setEnabled(has && (!ours || m_reachable));
    m_ui->actionCopyKeyId->setEnabled(has);
    m_ui->actionRotate->setEnabled(has && m_reachable && c->connectionId == m_sync.connectionId() &&
                                   c->storedStatus == KeyStatus::Active && !m_sync.projectId().isEmpty());
    const auto target = has ? targetFor(*c) : Expected<CredentialTarget>(Error(Error::Kind::NotFound, {}));
    m_ui->actionTestKey->setEnabled(m_testCredential && target && target.value().provider.testUrl.isValid());
    m_ui->actionTokenGenerator->setEnabled(m_secrets != nullptr);
    m_ui->actionImportCredential->setEnabled(m_secrets != nullptr);
    // Offline, the inventory stays readable but nothing that needs the service can be started.
    const bool online = m_reachable && !m_sync.projectId().isEmpty();
    m_ui->actionGenerateKey->setEnabled(online);
    const QString offlineHint =
        online ? QString() : tr("The service is unreachable; refresh (F5) when it is back.");
    for (QAction* a :
         {m_ui->actionGenerateKey, m_ui->actionToggleActive, m_ui->actionDelete, m_ui->actionRotate})
        a->setToolTip(offlineHint.isEmpty() ? a->text().remove(QLatin1Char('&')) : offlineHint);
    const QDateTime now = m_clock.now();
    m_ui->detailNameLabel->setText(has ? c->name : QString());
    m_ui->detailKeyIdLabel->setText(has ? c->keyId : QString());
    m_ui->detailLast4Label->setText(has ? QStringLiteral("\u2022\u2022\u2022\u2022") + c->last4 : QString());
    m_ui->detailStatusLabel->setText(has ? InventoryTableModel::statusText(*c, now) : QString());
    auto date = [](const QDateTime& d, const QString& none) {
        return d.isValid() ? DateFormat::dateTime(d) : none;
    };
    m_ui->detailCreatedLabel->setText(has ? date(c->createdAt, QString()) : QString());
    m_ui->detailExpiresLabel->setText(has ? date(c->expiresAt, tr("Never")) : QString());
    m_ui->detailLastUsedLabel->setText(has ? date(c->lastUsedAt, tr("Never used")) : QString());
    m_ui->detailDescriptionLabel->setText(has ? c->description : QString());
    m_ui->detailRotationLabel->setText(
        has && !c->replacesKeyId.isEmpty() ? tr("replaces %1").arg(c->replacesKeyId) : QString());
    m_ui->detailLastTestedLabel->setText(has && c->lastTestedAt.isValid()
                                             ? DateFormat::dateTime(c->lastTestedAt) +
                                                   QStringLiteral(" \u2014 ") + c->lastTestResult
                                         : has ? tr("Never tested")
                                               : QString());
    m_ui->actionToggleActive->setText(has && c->storedStatus == KeyStatus::Inactive ? tr("&Activate")
                                                                                    : tr("&Deactivate"));
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
    if (m_sync.projectId().isEmpty())
        return;
    InventoryQuery inConnection;
    inConnection.connectionId = m_sync.connectionId();
    const int used =
        m_store.countCredentials(inConnection).ok() ? m_store.countCredentials(inConnection).value() : 0;
    GenerateKeyDialog dialog(m_sync.client(), m_sync.projectId(), used, m_sync.keyLimit(), m_clock, this);
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
    const std::optional<Credential> c = selectedCredential();
    if (!c)
        return;
    const KeyStatus target = c->storedStatus == KeyStatus::Inactive ? KeyStatus::Active : KeyStatus::Inactive;
    QPointer<MainWindow> self(this);
    m_changeStatus->run(*c, target, [self](Expected<Credential> done) {
        if (!self)
            return;
        if (!done)
            return self->showStatus(done.error().message(), true);
        (void)self->m_model->reload(); // the use case has synced the inventory
        self->showStatus(done.value().storedStatus == KeyStatus::Inactive
                             ? tr("\u201C%1\u201D is deactivated.").arg(done.value().name)
                             : tr("\u201C%1\u201D is active again.").arg(done.value().name));
        self->updateDetails();
        emit self->refreshed(true);
    });
}

void MainWindow::deleteKey()
{
    const std::optional<Credential> c = selectedCredential();
    if (!c)
        return;
    auto target = targetFor(*c);
    if (!target)
        return showStatus(target.error().message(), true);
    const bool serviceKey = target.value().connection.kind == Connection::Kind::KeyDeskService;
    const QString question =
        serviceKey
            ? tr("Delete \u201C%1\u201D (%2)? Anything still using it will stop working at once. This "
                 "cannot be undone.")
                  .arg(c->name, c->keyId)
            : tr("Delete \u201C%1\u201D (%2) and its secret from this computer? The vendor still knows "
                 "the credential: revoke it in the vendor's dashboard as well.")
                  .arg(c->name, c->keyId);
    const auto answer = MessageBox::question(this, tr("Delete key"), question,
                                             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    QPointer<MainWindow> self(this);
    m_deleteCredential->run(target.value(), [self, serviceKey](Expected<DeleteCredential::Outcome> done) {
        if (!self)
            return;
        if (!done)
            return self->showStatus(done.error().message(), true);
        if (serviceKey) {
            self->refreshThenSay(done.value().message, done.value().secretLeftBehind);
        } else {
            (void)self->m_model->reload();
            self->showStatus(done.value().message, done.value().secretLeftBehind);
        }
        emit self->keyDeleted(!done.value().secretLeftBehind);
    });
}

Expected<CredentialTarget> MainWindow::targetFor(const Credential& credential)
{
    return CredentialTarget::resolve(credential, m_store, m_services);
}

QList<TokenSource> MainWindow::tokenSources()
{
    QList<TokenSource> sources;
    auto connections = m_store.connections();
    auto credentials = m_store.credentials();
    if (!connections || !credentials)
        return sources;
    QHash<qint64, Connection> byId;
    for (const Connection& c : connections.value())
        byId.insert(c.id, c);
    const QDateTime now = m_clock.now();
    for (const Credential& c : credentials.value()) {
        const Connection connection = byId.value(c.connectionId);
        const bool ours = c.connectionId == m_sync.connectionId();
        if (!ours && connection.kind != Connection::Kind::OAuth2Provider)
            continue;
        if (c.statusAt(now) != KeyStatus::Active)
            continue;
        auto target = targetFor(c);
        if (!target)
            continue;
        sources << TokenSource{c, QStringLiteral("%1 \u2014 %2 (%3)").arg(connection.name, c.name, c.keyId),
                               target.value().provider, connection};
    }
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
    const QString csv = tr("CSV (*.csv)");
    const QString json = tr("JSON (*.json)");
    const QString ics = tr("Calendar of expiry dates (*.ics)");
    QString filter = csv;
    const QString suggested =
        QStringLiteral("keydesk-inventory-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
    const QString path =
        FileDialog::getSaveFileName(this, tr("Export the inventory (never secrets)"), suggested,
                                    QStringList{csv, json, ics}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    // What is exported is what the table shows: the current search and sort, every row.
    InventoryQuery query = m_model->query();
    query.limit = -1;
    query.offset = 0;
    auto rows = m_store.credentials(query);
    if (!rows)
        return showStatus(rows.error().message(), true);
    const QDateTime now = m_clock.now();
    const bool asIcs = filter == ics || path.endsWith(QLatin1String(".ics"), Qt::CaseInsensitive);
    const bool asJson =
        !asIcs && (filter == json || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive));
    const QByteArray bytes =
        asIcs    ? IcsCalendar::expiries(rows.value(), m_model->connectionNames(), now)
        : asJson ? CredentialFormatter::json(rows.value(), m_model->connectionNames(), now).toUtf8()
                 : CredentialFormatter::csv(rows.value(), m_model->connectionNames(), now).toUtf8();
    QSaveFile file(path); // all or nothing: a full disk leaves no half-written export behind
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return showStatus(tr("Could not write %1: %2").arg(path, file.errorString()), true);
    showStatus(
        plural(int(rows.value().size()), "MainWindow", "Exported %1 key to %2.", "Exported %1 keys to %2.")
            .arg(path));
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
    const std::optional<Credential> c = selectedCredential();
    if (!c || !m_testCredential)
        return;
    auto target = targetFor(*c);
    if (!target)
        return showStatus(target.error().message(), true);
    const QString name = c->name;
    showStatus(tr("Testing \u201C%1\u201D\u2026").arg(name));
    QPointer<MainWindow> self(this);
    m_testCredential->run(target.value(), [self, name](Expected<TestCall::Result> result) {
        if (!self)
            return;
        (void)self->m_model->reload();
        if (!result) {
            self->showStatus(tr("Cannot test \u201C%1\u201D: %2").arg(name, result.error().message()), true);
            return emit self->keyTested(false);
        }
        const TestCall::Result& r = result.value();
        self->showStatus(QStringLiteral("%1: %2 \u2014 %3").arg(name, r.summary, r.explanation), !r.passed);
        emit self->keyTested(r.passed);
    });
}

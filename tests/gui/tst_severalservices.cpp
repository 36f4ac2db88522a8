#include "ExpectedHelpers.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "WindowAction.h"
#include "gui/Clipboard.h"
#include "gui/ConnectServiceDialog.h"
#include "gui/ConnectionsPane.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/SecretDialog.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

// The app on its local service and a team server at once, with the real keychain: a server connected from
// the File menu is worked on at once (no restart), each key's actions go to its own service with the role
// signed in there, Generate Key offers every service, a removed connection is closed, and a remembered one
// opens at the next start — or says it is unreachable while the local keys still refresh.
class TestSeveralServices : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init();
    void cleanup();
    void connectedLiveEachKeyWithItsRole();
    void generateKeyOffersEveryServiceAndShowsTheNewKey();
    void removedConnectionIsClosed();
    void aTeamConnectionIsNamedWhenConnectingAndCanBeRenamed();
    void pickingAConnectionDropsAProjectOfAnother();
    void reopeningOrClosingMidRefreshStillAnswers();
    void rememberedServiceOpensAtStartOrSaysItIsUnreachable();

private:
    // Confirms the copy-once dialog when it appears (it is modal, so this runs from the event loop).
    void confirmSecretDialogWhenShown()
    {
        QTimer::singleShot(50, this, [this] {
            auto* secret = qobject_cast<SecretDialog*>(QApplication::activeModalWidget());
            if (!secret)
                return confirmSecretDialogWhenShown();
            secret->findChild<QCheckBox*>(QStringLiteral("storedCheckBox"))->setChecked(true);
            QTest::mouseClick(secret->closeButton(), Qt::LeftButton);
        });
    }
    void openWindow();
    bool refreshNow();
    void connectTeam(const SecretBytes& token, const QString& name = {});
    QString tokenFor(Role role);
    int rowNamed(const QString& name) const;
    void selectKeyNamed(const QString& name);
    QAction* action(const char* name) { return m_window->findChild<QAction*>(QLatin1String(name)); }
    QListWidget* pane() { return m_window->findChild<QListWidget*>(QStringLiteral("connectionsListWidget")); }
    QTableView* table() { return m_window->findChild<QTableView*>(QStringLiteral("inventoryTableView")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceFixture> m_local;
    std::unique_ptr<ServiceFixture> m_team;
    std::string m_teamProject;
    std::unique_ptr<InventoryStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ServiceSessions> m_sessions;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Clipboard> m_clipboard;
    std::unique_ptr<KeychainSecretStore> m_keychain;
    std::unique_ptr<MainWindow> m_window;
    qint64 m_localId = 0;
};

void TestSeveralServices::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_local = std::make_unique<ServiceFixture>();
    QVERIFY(m_local->start());
    m_local->createKey(m_local->createProject(QStringLiteral("Default")), QStringLiteral("Local key"), 30);
    m_team = std::make_unique<ServiceFixture>();
    QVERIFY(m_team->start());
    m_teamProject = m_team->createProject(QStringLiteral("Payments"));
    m_team->createKey(m_teamProject, QStringLiteral("Billing export"), 30);
    m_team->createKey(m_teamProject, QStringLiteral("Refunds"), 90);

    m_store = std::make_unique<InventoryStore>();
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
    Connection local;
    local.name = QStringLiteral("Local");
    local.embedded = true;
    auto id = m_store->addConnection(local);
    QVERIFY(id.ok());
    m_localId = id.value();
    m_network = std::make_unique<QNetworkAccessManager>();
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings.ini")));
    m_clipboard = std::make_unique<Clipboard>();
    m_keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("keydesk-test-several"));
}

void TestSeveralServices::cleanup()
{
    m_window.reset();
    m_sessions.reset();
    m_network.reset();
    m_store.reset();
    m_team.reset();
    m_local.reset();
}

void TestSeveralServices::openWindow()
{
    m_sessions = std::make_unique<ServiceSessions>(*m_store, m_network.get(), 10000);
    m_sessions->open(m_localId, m_local->server().baseUrl(),
                     SecretBytes(QByteArray::fromStdString(m_local->adminToken)));
    m_window =
        std::make_unique<MainWindow>(*m_store, *m_sessions, m_keychain.get(), *m_clipboard, *m_settings);
    m_window->show();
}

bool TestSeveralServices::refreshNow()
{
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    m_window->refresh();
    return refreshed.wait(10000) && refreshed.first().first().toBool();
}

QString TestSeveralServices::tokenFor(Role role)
{
    auto person = m_team->server().people().add(QStringLiteral("pat"), role, Actor::commandLine());
    return person ? QString::fromUtf8(person.value().token.toByteArray()) : QString();
}

// File → Connect to a Service, typed as a user would; waits until the window has refreshed the new server.
void TestSeveralServices::connectTeam(const SecretBytes& token, const QString& name)
{
    const QString url = m_team->server().baseUrl().toString();
    const QString typed = QString::fromUtf8(token.toByteArray());
    QTimer::singleShot(50, this, [url, typed, name] {
        auto* dialog = qobject_cast<ConnectServiceDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        dialog->findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(url);
        auto* nameField = dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"));
        QCOMPARE(nameField->placeholderText(), QStringLiteral("127.0.0.1")); // what an empty name gives
        nameField->setText(name);
        dialog->findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))->setText(typed);
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    });
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    action("actionConnectService")->trigger();
    QVERIFY(refreshed.wait(15000));
    QVERIFY(refreshed.first().first().toBool());
}

int TestSeveralServices::rowNamed(const QString& name) const
{
    for (int row = 0; row < m_window->model()->rowCount(); ++row) {
        if (m_window->model()->index(row, InventoryTableModel::Name).data().toString() == name)
            return row;
    }
    return -1;
}

void TestSeveralServices::selectKeyNamed(const QString& name)
{
    const int row = rowNamed(name);
    QVERIFY2(row >= 0, qPrintable(name));
    table()->selectRow(row);
}

void TestSeveralServices::connectedLiveEachKeyWithItsRole()
{
    openWindow();
    QVERIFY(refreshNow());
    QCOMPARE(m_window->model()->rowCount(), 1);

    connectTeam(SecretBytes::fromUtf8(tokenFor(Role::Support)));
    QTRY_COMPARE(m_window->model()->rowCount(), 3);
    QCOMPARE(m_sessions->all().size(), 2);
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Connected to")));
    // Both services in the pane, each reached, the team one with who we are there.
    QStringList shown;
    for (int i = 0; i < pane()->count(); ++i)
        shown << pane()->item(i)->text();
    QVERIFY2(shown.filter(QStringLiteral("reachable")).size() == 2, qPrintable(shown.join(QLatin1Char('|'))));
    QVERIFY2(!shown.filter(QStringLiteral("pat (Support)")).isEmpty(),
             qPrintable(shown.join(QLatin1Char('|'))));

    // A team key follows the team role: support may deactivate, not delete.
    selectKeyNamed(QStringLiteral("Refunds"));
    QVERIFY(action("actionToggleActive")->isEnabled());
    QVERIFY(!action("actionDelete")->isEnabled());
    QVERIFY2(action("actionDelete")->toolTip().contains(QStringLiteral("Admin role")),
             qPrintable(action("actionDelete")->toolTip()));
    // The local key follows the local role (owner).
    selectKeyNamed(QStringLiteral("Local key"));
    QVERIFY(action("actionDelete")->isEnabled());

    // Deactivating the team key happens at the team server.
    selectKeyNamed(QStringLiteral("Refunds"));
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    action("actionToggleActive")->trigger();
    QVERIFY(refreshed.wait(10000));
    auto keys = m_team->client().Get(("/v1/projects/" + m_teamProject + "/keys").c_str(), m_team->admin());
    QVERIFY(keys);
    QVERIFY(QByteArray::fromStdString(keys->body).contains("\"status\":\"inactive\""));

    // With the team connection picked on the left, Generate Key is off with the role it needs (it offered
    // Local's projects, naming no service).
    for (int i = 0; i < pane()->count(); ++i) {
        if (pane()->item(i)->data(Qt::UserRole).toLongLong() != m_localId &&
            pane()->item(i)->data(Qt::UserRole).toLongLong() > 0)
            pane()->setCurrentRow(i);
    }
    QTRY_VERIFY(!action("actionGenerateKey")->isEnabled());
    QVERIFY2(action("actionGenerateKey")->toolTip().contains(QStringLiteral("Admin role")),
             qPrintable(action("actionGenerateKey")->toolTip()));
    for (int i = 0; i < pane()->count(); ++i) {
        if (pane()->item(i)->data(Qt::UserRole).toLongLong() == m_localId)
            pane()->setCurrentRow(i);
    }
    QTRY_VERIFY(action("actionGenerateKey")->isEnabled());
    // Generate Key offers only where we may add keys: the local service, not the team one, named.
    QStringList offered;
    QTimer::singleShot(50, this, [&offered] {
        auto* dialog = qobject_cast<GenerateKeyDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto* where = dialog->findChild<QComboBox*>(QStringLiteral("projectComboBox"));
        for (int i = 0; i < where->count(); ++i)
            offered << where->itemText(i);
        dialog->reject();
    });
    triggerAction(*m_window, "actionGenerateKey");
    QCOMPARE(offered, QStringList{QStringLiteral("Local \u2014 Default")});
}

void TestSeveralServices::generateKeyOffersEveryServiceAndShowsTheNewKey()
{
    openWindow();
    QVERIFY(refreshNow());
    connectTeam(SecretBytes::fromUtf8(tokenFor(Role::Admin)));
    QTRY_COMPARE(m_window->model()->rowCount(), 3);
    // Looking at the local keys only: the new team key would be out of sight.
    for (int i = 0; i < pane()->count(); ++i) {
        if (pane()->item(i)->data(Qt::UserRole).toLongLong() == m_localId)
            pane()->setCurrentRow(i);
    }
    QTRY_COMPARE(m_window->model()->rowCount(), 1);

    QStringList offered;
    QString picked;
    QTimer::singleShot(50, this, [&offered, &picked] {
        auto* dialog = qobject_cast<GenerateKeyDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto* where = dialog->findChild<QComboBox*>(QStringLiteral("projectComboBox"));
        for (int i = 0; i < where->count(); ++i)
            offered << where->itemText(i);
        picked = where->currentText();
        where->setCurrentIndex(
            where->findText(QStringLiteral("%1 \u2014 Payments").arg(QStringLiteral("127.0.0.1"))));
        dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Team deploy"));
        QTest::mouseClick(dialog->generateButton(), Qt::LeftButton);
    });
    confirmSecretDialogWhenShown();
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    triggerAction(*m_window, "actionGenerateKey");
    QVERIFY(refreshed.wait(15000));
    QCOMPARE(offered, (QStringList{QStringLiteral("Local \u2014 Default"),
                                   QStringLiteral("127.0.0.1 \u2014 Payments")}));
    QCOMPARE(picked, QStringLiteral("Local \u2014 Default")); // the service picked in the pane comes first
    // Created at the team server, then shown and selected although the pane looked at Local.
    auto keys = m_team->client().Get(("/v1/projects/" + m_teamProject + "/keys").c_str(), m_team->admin());
    QVERIFY(keys && QByteArray::fromStdString(keys->body).contains("Team deploy"));
    QTRY_COMPARE(m_window->model()->rowCount(), 4);
    const QModelIndexList selected = table()->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(m_window->model()->index(selected.first().row(), InventoryTableModel::Name).data().toString(),
             QStringLiteral("Team deploy"));
}

void TestSeveralServices::removedConnectionIsClosed()
{
    openWindow();
    QVERIFY(refreshNow());
    connectTeam(SecretBytes::fromUtf8(tokenFor(Role::Viewer)));
    QTRY_COMPARE(m_window->model()->rowCount(), 3);
    Connection team;
    for (const Connection& c : m_store->connections().value()) {
        if (!c.embedded)
            team = c;
    }
    QVERIFY(team.id > 0);
    scriptedQuestions().setNextAnswer(QMessageBox::Yes);
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    m_window->findChild<ConnectionsPane*>()->remove(team);
    QVERIFY(refreshed.wait(10000));
    QVERIFY(refreshed.first().first().toBool()); // the closed service is not refreshed (and does not fail)
    QCOMPARE(m_sessions->all().size(), 1);
    QVERIFY(!m_sessions->serviceFor(team.id));
    QTRY_COMPARE(m_window->model()->rowCount(), 1);
    // Its token left the keychain with it.
    std::optional<Expected<SecretBytes>> read;
    m_keychain->readSecret(team.tokenAccount(),
                           [&read](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
    QCOMPARE(read->error().kind(), Error::Kind::SecretNotFound);
}

void TestSeveralServices::aTeamConnectionIsNamedWhenConnectingAndCanBeRenamed()
{
    // It was named after its host ("127.0.0.1") and could not be renamed.
    openWindow();
    QVERIFY(refreshNow());
    connectTeam(SecretBytes::fromUtf8(tokenFor(Role::Admin)), QStringLiteral("Payments team"));
    QTRY_COMPARE(m_window->model()->rowCount(), 3);
    Connection team;
    for (const Connection& c : m_store->connections().value()) {
        if (!c.embedded)
            team = c;
    }
    QCOMPARE(team.name, QStringLiteral("Payments team"));
    const auto connectionColumnOf = [this](const QString& key) {
        return m_window->model()->index(rowNamed(key), InventoryTableModel::ConnectionName).data().toString();
    };
    QCOMPARE(connectionColumnOf(QStringLiteral("Refunds")), QStringLiteral("Payments team"));
    scriptedQuestions().setNextText(QStringLiteral("Payments (prod)"));
    m_window->findChild<ConnectionsPane*>()->rename(team);
    QTRY_COMPARE(connectionColumnOf(QStringLiteral("Refunds")), QStringLiteral("Payments (prod)"));
    QCOMPARE(m_store->connection(team.id).value().name, QStringLiteral("Payments (prod)"));
    QVERIFY(m_sessions->serviceFor(team.id)); // still connected: only the name changed
    auto* list = m_window->findChild<QListWidget*>(QStringLiteral("connectionsListWidget"));
    QVERIFY(list->item(2)->text().startsWith(QStringLiteral("Payments (prod)\n")));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("is now called")));
}

void TestSeveralServices::pickingAConnectionDropsAProjectOfAnother()
{
    openWindow();
    QVERIFY(refreshNow());
    connectTeam(SecretBytes::fromUtf8(tokenFor(Role::Admin)));
    QTRY_COMPARE(m_window->model()->rowCount(), 3);
    auto* picker = m_window->findChild<QComboBox*>(QStringLiteral("projectComboBox"));
    picker->setCurrentIndex(picker->findText(QStringLiteral("127.0.0.1 \u2014 Payments")));
    QTRY_COMPARE(m_window->model()->rowCount(), 2);
    // Local picked on the left: Payments is not Local's, so the pick goes and the table shows Local's keys.
    for (int i = 0; i < pane()->count(); ++i) {
        if (pane()->item(i)->data(Qt::UserRole).toLongLong() == m_localId)
            pane()->setCurrentRow(i);
    }
    QCOMPARE(picker->currentIndex(), 0);
    QTRY_COMPARE(m_window->model()->rowCount(), 1);
    QCOMPARE(m_window->model()->index(0, InventoryTableModel::Name).data().toString(),
             QStringLiteral("Local key"));
    // Only Local's projects are offered now, without the service's name.
    QCOMPARE(picker->findText(QStringLiteral("127.0.0.1 \u2014 Payments")), -1);
    QVERIFY(picker->findText(QStringLiteral("Default")) > 0);
}

void TestSeveralServices::reopeningOrClosingMidRefreshStillAnswers()
{
    openWindow();
    const QUrl url = m_local->server().baseUrl();
    // Reopened (a new token for the same connection) while its refresh runs: the refresh still answers.
    std::optional<QList<ServiceSessions::Failure>> answered;
    QPointer<ServiceSession> first = m_sessions->serviceFor(m_localId);
    m_sessions->refresh([&answered](const QList<ServiceSessions::Failure>& f) { answered = f; });
    m_sessions->open(m_localId, url, SecretBytes(QByteArray::fromStdString(m_local->adminToken)));
    QVERIFY(!answered.has_value()); // not answered for it: the replaced session answers when it is done
    QTRY_VERIFY_WITH_TIMEOUT(answered.has_value(), 10000);
    QVERIFY(answered->isEmpty());
    QCOMPARE(m_sessions->all().size(), 1);
    QVERIFY(m_sessions->serviceFor(m_localId) != first.data());
    QVERIFY(first); // kept alive: a request made through it (a rotation's new key) still gets its answer

    // Closed while a key is being created through it: the key and its secret still come back.
    Connection team;
    team.name = QStringLiteral("Team");
    team.url = m_team->server().baseUrl();
    const qint64 teamId = m_store->addConnection(team).value();
    ServiceSession& teamSync =
        m_sessions->open(teamId, team.url, SecretBytes(QByteArray::fromStdString(m_team->adminToken)));
    std::optional<Expected<ServiceClient::CreatedKey>> created;
    teamSync.client().createKey(
        QString::fromStdString(m_teamProject), QStringLiteral("In flight"), {}, 30,
        [&created](Expected<ServiceClient::CreatedKey> k) { created = std::move(k); });
    KD_VERIFY_OK(m_store->removeConnection(teamId));
    m_sessions->closeRemoved();
    QVERIFY(!m_sessions->serviceFor(teamId));
    QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 10000);
    KD_VERIFY_OK(*created);
    QVERIFY(!created->value().secret.isEmpty());
}

void TestSeveralServices::rememberedServiceOpensAtStartOrSaysItIsUnreachable()
{
    openWindow();
    QVERIFY(refreshNow());
    connectTeam(SecretBytes::fromUtf8(tokenFor(Role::Admin)));
    QTRY_COMPARE(m_window->model()->rowCount(), 3);

    // The next start: the team server opens from the inventory and the keychain, next to the local one.
    m_window.reset();
    openWindow();
    QCOMPARE(m_sessions->all().size(), 1);
    std::optional<QStringList> problems;
    m_sessions->openRemembered(*m_keychain, [&problems](const QStringList& p) { problems = p; });
    QTRY_VERIFY_WITH_TIMEOUT(problems.has_value(), 10000);
    QVERIFY2(problems->isEmpty(), qPrintable(problems->join(QLatin1Char('\n'))));
    QCOMPARE(m_sessions->all().size(), 2);
    QVERIFY(refreshNow());
    QCOMPARE(m_window->model()->rowCount(), 3);

    // The team server goes away: the local keys still refresh, the status names the one not reached and the
    // pane says it is unreachable; its keys stay readable.
    m_local->createKey(m_local->createProject(QStringLiteral("Second")), QStringLiteral("Another local"), 7);
    m_team->stop();
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    m_window->refresh();
    QVERIFY(refreshed.wait(15000));
    QVERIFY(!refreshed.first().first().toBool());
    QTRY_COMPARE(m_window->model()->rowCount(), 4);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("127.0.0.1")),
             qPrintable(m_window->statusBar()->currentMessage()));
    QStringList shown;
    for (int i = 0; i < pane()->count(); ++i)
        shown << pane()->item(i)->text();
    QVERIFY2(!shown.filter(QStringLiteral("unreachable")).isEmpty(),
             qPrintable(shown.join(QLatin1Char('|'))));
    selectKeyNamed(QStringLiteral("Refunds"));
    QVERIFY(!action("actionToggleActive")->isEnabled());
    selectKeyNamed(QStringLiteral("Another local"));
    QVERIFY(action("actionToggleActive")->isEnabled());
}

QTEST_MAIN(TestSeveralServices)
#include "tst_severalservices.moc"

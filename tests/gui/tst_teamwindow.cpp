#include "ExpectedHelpers.h"
#include "FailingSecretStore.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/InventoryTableModel.h"
#include "gui/KeyHistoryPanel.h"
#include "gui/MainWindow.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QListWidget>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

// The main window on a team service: what each role may do (and why not), the project picker and column,
// project management with a confirmation that names the keys that go, and a key's history.
class TestTeamWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void actionsFollowTheRole_data();
    void actionsFollowTheRole();
    void projectPickerFiltersAndGeneratesThere();
    void projectsAreCreatedRenamedAndDeleted();
    void historyTabShowsTheTrailAndReadsOffline();
    void historyIsCurrentAfterYourOwnActions();

private:
    void openAs(Role role);
    bool refreshNow();
    QAction* action(const char* name) { return m_window->findChild<QAction*>(QLatin1String(name)); }
    QComboBox* picker() { return m_window->findChild<QComboBox*>(QStringLiteral("projectComboBox")); }
    QTableView* table() { return m_window->findChild<QTableView*>(QStringLiteral("inventoryTableView")); }
    void selectKeyNamed(const QString& name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ServiceFixture> m_fixture;
    std::unique_ptr<InventoryStore> m_store;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ServiceSessions> m_sessions;
    ServiceSession* m_sync = nullptr;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Clipboard> m_clipboard;
    FailingSecretStore m_keychain;
    std::unique_ptr<MainWindow> m_window;
    std::string m_payments;
    std::string m_search;
    QJsonObject m_indexer; // as the service created it
};

void TestTeamWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fixture = std::make_unique<ServiceFixture>();
    QVERIFY(m_fixture->start());
    m_payments = m_fixture->createProject(QStringLiteral("Payments"));
    m_search = m_fixture->createProject(QStringLiteral("Search"));
    m_fixture->createKey(m_payments, QStringLiteral("Billing export"), 30);
    m_fixture->createKey(m_payments, QStringLiteral("Refunds"), 90);
    m_indexer = m_fixture->createKey(m_search, QStringLiteral("Indexer"), 7);
}

void TestTeamWindow::cleanup()
{
    m_window.reset();
    m_sessions.reset();
    m_network.reset();
    m_store.reset();
    m_fixture.reset();
}

void TestTeamWindow::openAs(Role role)
{
    auto person = m_fixture->server().people().add(QStringLiteral("pat"), role, Actor::commandLine());
    QVERIFY(person.ok());
    m_store = std::make_unique<InventoryStore>();
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
    Connection team;
    team.name = QStringLiteral("Team");
    team.url = m_fixture->server().baseUrl();
    auto id = m_store->addConnection(team);
    QVERIFY(id.ok());
    m_network = std::make_unique<QNetworkAccessManager>();
    m_sessions = std::make_unique<ServiceSessions>(*m_store, m_network.get(), 10000);
    m_sync = &m_sessions->open(id.value(), m_fixture->server().baseUrl(), person.value().token);
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings.ini")));
    m_clipboard = std::make_unique<Clipboard>();
    m_window = std::make_unique<MainWindow>(*m_store, *m_sessions, &m_keychain, *m_clipboard, *m_settings);
    m_window->show();
    QVERIFY(refreshNow());
}

bool TestTeamWindow::refreshNow()
{
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    m_window->refresh();
    return refreshed.wait(10000) && refreshed.first().first().toBool();
}

void TestTeamWindow::selectKeyNamed(const QString& name)
{
    for (int row = 0; row < m_window->model()->rowCount(); ++row) {
        if (m_window->model()->index(row, InventoryTableModel::Name).data().toString() == name) {
            table()->selectRow(row);
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no row named %1").arg(name)));
}

void TestTeamWindow::actionsFollowTheRole_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<bool>("toggle");
    QTest::addColumn<bool>("manage");
    QTest::newRow("viewer") << int(Role::Viewer) << false << false;
    QTest::newRow("support") << int(Role::Support) << true << false;
    QTest::newRow("admin") << int(Role::Admin) << true << true;
    QTest::newRow("owner") << int(Role::Owner) << true << true;
}

void TestTeamWindow::actionsFollowTheRole()
{
    QFETCH(int, role);
    QFETCH(bool, toggle);
    QFETCH(bool, manage);
    openAs(Role(role));
    selectKeyNamed(QStringLiteral("Refunds"));
    QCOMPARE(action("actionToggleActive")->isEnabled(), toggle);
    for (const char* name : {"actionGenerateKey", "actionRotate", "actionDelete", "actionNewProject"})
        QVERIFY2(action(name)->isEnabled() == manage, name);
    // What is disabled says which role it needs and which one you have.
    if (!manage) {
        const QString why = action("actionGenerateKey")->toolTip();
        QVERIFY2(why.contains(roleDisplayName(Role::Admin)) && why.contains(roleDisplayName(Role(role))),
                 qPrintable(why));
    }
    if (!toggle)
        QVERIFY(action("actionToggleActive")->toolTip().contains(roleDisplayName(Role::Support)));
    // The right-click menu lists what the toolbar does, disabled with the same reason (it left them out).
    const QRect cell = table()->visualRect(table()->currentIndex());
    emit table()->customContextMenuRequested(cell.center());
    auto* menu = m_window->findChild<QMenu*>(QStringLiteral("keyContextMenu"));
    QVERIFY(menu);
    QVERIFY(menu->toolTipsVisible());
    for (const char* name : {"actionRotate", "actionDelete", "actionToggleActive"}) {
        QVERIFY2(menu->actions().contains(action(name)), name);
        QCOMPARE(menu->actions().at(menu->actions().indexOf(action(name)))->isEnabled(),
                 action(name)->isEnabled());
    }
    menu->close();
    // The connections pane says who is signed in, with which role.
    const QString pane =
        m_window->findChild<QListWidget*>(QStringLiteral("connectionsListWidget"))->item(1)->text();
    QVERIFY2(pane.contains(QStringLiteral("pat")) && pane.contains(roleDisplayName(Role(role))),
             qPrintable(pane));
    // Support really can switch a key off from here.
    if (toggle && !manage) {
        QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
        action("actionToggleActive")->trigger();
        QVERIFY(refreshed.wait(10000));
        auto list =
            m_fixture->client().Get(("/v1/projects/" + m_payments + "/keys").c_str(), m_fixture->admin());
        QVERIFY(list->body.find("\"inactive\"") != std::string::npos);
    }
}

void TestTeamWindow::projectPickerFiltersAndGeneratesThere()
{
    openAs(Role::Admin);
    QVERIFY(picker()->isVisible());
    QCOMPARE(picker()->count(), 3); // all, Payments, Search
    QCOMPARE(m_window->model()->rowCount(), 3);
    picker()->setCurrentIndex(picker()->findText(QStringLiteral("Search")));
    QTRY_COMPARE(m_window->model()->rowCount(), 1);
    QCOMPARE(m_window->model()->index(0, InventoryTableModel::ProjectName).data().toString(),
             QStringLiteral("Search"));
    QCOMPARE(m_window->model()->index(0, InventoryTableModel::CreatedBy).data().toString(),
             QStringLiteral("admin"));
    QVERIFY(action("actionRenameProject")->isEnabled());
    picker()->setCurrentIndex(0);
    QTRY_COMPARE(m_window->model()->rowCount(), 3);
    QVERIFY(!action("actionRenameProject")->isEnabled()); // "All projects" is not one to rename
}

void TestTeamWindow::projectsAreCreatedRenamedAndDeleted()
{
    openAs(Role::Admin);
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    scriptedQuestions().setNextText(QStringLiteral("Mobile"));
    action("actionNewProject")->trigger();
    QVERIFY(refreshed.wait(10000));
    QTRY_VERIFY(picker()->findText(QStringLiteral("Mobile")) > 0);

    picker()->setCurrentIndex(picker()->findText(QStringLiteral("Payments")));
    scriptedQuestions().setNextText(QStringLiteral("Payments EU"));
    refreshed.clear();
    action("actionRenameProject")->trigger();
    QVERIFY(refreshed.wait(10000));
    QTRY_VERIFY(picker()->findText(QStringLiteral("Payments EU")) > 0);
    QCOMPARE(picker()->currentText(), QStringLiteral("Payments EU"));

    // Declining the confirmation keeps everything.
    scriptedQuestions().setNextAnswer(QMessageBox::Cancel);
    action("actionDeleteProject")->trigger();
    QTest::qWait(500);
    QCOMPARE(m_sync->projects().size(), 3);
    // A colleague adds a key the window has not seen: the confirmation counts it anyway (it asks the
    // service).
    QVERIFY(!m_fixture->createKey(m_payments, QStringLiteral("Added elsewhere")).isEmpty());
    scriptedQuestions().setNextAnswer(QMessageBox::Yes);
    refreshed.clear();
    action("actionDeleteProject")->trigger();
    QVERIFY(refreshed.wait(10000));
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("with 3 keys")));
    QCOMPARE(m_sync->projects().size(), 2);
    QCOMPARE(picker()->currentIndex(), 0);
    QTRY_COMPARE(m_window->model()->rowCount(), 1);
}

void TestTeamWindow::historyTabShowsTheTrailAndReadsOffline()
{
    openAs(Role::Viewer);
    auto* history = m_window->findChild<KeyHistoryPanel*>();
    QVERIFY(history);
    QSignalSpy updated(history, &KeyHistoryPanel::updated);
    selectKeyNamed(QStringLiteral("Indexer"));
    QVERIFY(updated.wait(10000));
    QCOMPARE(history->list()->topLevelItemCount(), 1);
    QVERIFY(history->list()->topLevelItem(0)->text(1).contains(QStringLiteral("Created")));
    QCOMPARE(history->list()->topLevelItem(0)->text(2), QStringLiteral("admin"));
    // Offline, the kept history still shows.
    m_fixture->stop();
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    m_window->refresh();
    QVERIFY(refreshed.wait(10000));
    QVERIFY(!refreshed.first().first().toBool());
    selectKeyNamed(QStringLiteral("Billing export"));
    selectKeyNamed(QStringLiteral("Indexer"));
    QCOMPARE(history->list()->topLevelItemCount(), 1);
}

void TestTeamWindow::historyIsCurrentAfterYourOwnActions()
{
    openAs(Role::Support);
    auto* history = m_window->findChild<KeyHistoryPanel*>();
    QSignalSpy updated(history, &KeyHistoryPanel::updated);
    selectKeyNamed(QStringLiteral("Indexer"));
    QVERIFY(updated.wait(10000));
    QCOMPARE(history->list()->topLevelItemCount(), 1);
    // Deactivate, then activate: both are in the History without a refresh (they were only after F5).
    for (int change = 0; change < 2; ++change) {
        QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
        updated.clear();
        action("actionToggleActive")->trigger();
        QVERIFY(refreshed.wait(10000));
        QVERIFY(updated.wait(10000));
    }
    QCOMPARE(history->list()->topLevelItemCount(), 3);
    QVERIFY2(history->list()->topLevelItem(0)->text(1).contains(QStringLiteral("ctivated")),
             qPrintable(history->list()->topLevelItem(0)->text(1)));
    QCOMPARE(history->list()->topLevelItem(0)->text(2), QStringLiteral("pat"));
    // A change made elsewhere shows when the History tab is opened again.
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("detailsTabWidget"));
    tabs->setCurrentIndex(0);
    const std::string path =
        "/v1/projects/" + m_search + "/keys/" + m_indexer.value(QLatin1String("id")).toString().toStdString();
    auto patched = m_fixture->client().Patch(path.c_str(), m_fixture->admin(), R"({"status":"inactive"})",
                                             "application/json");
    QVERIFY(patched && patched->status == 200);
    updated.clear();
    tabs->setCurrentWidget(m_window->findChild<QWidget*>(QStringLiteral("historyTab")));
    QVERIFY(updated.wait(10000));
    QCOMPARE(history->list()->topLevelItemCount(), 4);
    QCOMPARE(history->list()->topLevelItem(0)->text(2), QStringLiteral("admin"));
}

QTEST_MAIN(TestTeamWindow)
#include "tst_teamwindow.moc"

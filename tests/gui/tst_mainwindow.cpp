#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "WindowAction.h"
#include "gui/Clipboard.h"
#include "gui/ConnectionsPane.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/SingleInstance.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

// The main window offscreen over a real inventory file and a real service on 127.0.0.1.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    // Rows are checked right after each change: let the model wait for them however slow the machine.
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init();
    void cleanup();
    void refreshMirrorsTheService();
    void searchFiltersAsYouType();
    void deactivateAndDelete();
    void offlineKeepsTheInventory();
    void modelPassesTheModelTester();
    void secondInstanceAsksTheFirstToShow();
    void testKeyRecordsTheResult();
    void textFromTheServiceIsShownAsText();
    void exportWritesWhatTheTableShows();
    void filters();

private:
    QTableView* table() { return m_window->findChild<QTableView*>(QStringLiteral("inventoryTableView")); }
    void selectRow(int row) { table()->selectRow(row); }
    bool refreshNow();

    QTemporaryDir* m_dir = nullptr;
    ServiceFixture* m_fixture = nullptr;
    InventoryStore* m_store = nullptr;
    QNetworkAccessManager* m_network = nullptr;
    ServiceSessions* m_sessions = nullptr;
    Settings* m_settings = nullptr;
    Clipboard* m_clipboard = nullptr;
    KeychainSecretStore* m_keychain = nullptr;
    QString m_monitoringSecret;
    MainWindow* m_window = nullptr;
    std::string m_project;
};

void TestMainWindow::init()
{
    m_dir = new QTemporaryDir;
    m_fixture = new ServiceFixture;
    QVERIFY(m_fixture->start());
    m_project = m_fixture->createProject(QStringLiteral("Default"));
    m_fixture->createKey(m_project, QStringLiteral("Billing export"), 30);
    m_fixture->createKey(m_project, QStringLiteral("CI deploy"), 7);
    m_monitoringSecret = m_fixture->createKey(m_project, QStringLiteral("Monitoring"))
                             .value(QLatin1String("secret"))
                             .toString();
    m_store = new InventoryStore;
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
    Connection local;
    local.name = QStringLiteral("Local");
    local.embedded = true;
    auto id = m_store->addConnection(local);
    QVERIFY(id.ok());
    m_network = new QNetworkAccessManager;
    m_sessions = new ServiceSessions(*m_store, m_network, 10000);
    m_sessions->open(id.value(), m_fixture->server().baseUrl(),
                     SecretBytes(QByteArray::fromStdString(m_fixture->adminToken)));
    m_settings = new Settings(m_dir->filePath(QStringLiteral("settings.ini")));
    m_clipboard = new Clipboard;
    m_keychain = new KeychainSecretStore(QStringLiteral("keydesk-test"));
    m_window = new MainWindow(*m_store, *m_sessions, m_keychain, *m_clipboard, *m_settings);
    m_window->show();
}

void TestMainWindow::cleanup()
{
    delete m_window;
    delete m_clipboard;
    delete m_keychain;
    delete m_settings;
    delete m_sessions;
    delete m_network;
    delete m_store;
    delete m_fixture;
    delete m_dir;
}

bool TestMainWindow::refreshNow()
{
    QSignalSpy done(m_window, &MainWindow::refreshed);
    m_window->refresh();
    if (!done.wait(10000))
        return false;
    return done.first().first().toBool();
}

void TestMainWindow::refreshMirrorsTheService()
{
    QVERIFY(refreshNow());
    QCOMPARE(m_window->model()->rowCount(), 3);
    QCOMPARE(m_window->model()->index(0, InventoryTableModel::Name).data().toString(),
             QStringLiteral("Billing export"));
    QVERIFY(m_window->model()
                ->index(0, InventoryTableModel::Last4)
                .data()
                .toString()
                .startsWith(QStringLiteral("\u2022")));
    // Made for 7 days a moment ago: not yet due for rotation (issue 28 item 7), so no "Expires in 7 days".
    QCOMPARE(m_window->model()->index(1, InventoryTableModel::Status).data().toString(),
             QStringLiteral("Active"));
    QCOMPARE(m_window->model()->index(2, InventoryTableModel::Expires).data().toString(),
             QStringLiteral("Never"));
    auto* connections = m_window->findChild<QListWidget*>(QStringLiteral("connectionsListWidget"));
    QCOMPARE(connections->item(0)->text(), QStringLiteral("All connections"));
    QVERIFY(connections->item(1)->text().contains(QStringLiteral("reachable")));
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("actionGenerateKey"))->isEnabled());
    // Sorting is done by the store: newest expiry first.
    table()->sortByColumn(InventoryTableModel::Expires, Qt::DescendingOrder);
    QCOMPARE(m_window->model()->index(0, InventoryTableModel::Name).data().toString(),
             QStringLiteral("Billing export"));
}

void TestMainWindow::searchFiltersAsYouType()
{
    QVERIFY(refreshNow());
    auto* search = m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
    QTest::keyClicks(search, QStringLiteral("dep"));
    QCOMPARE(m_window->model()->rowCount(), 1);
    QCOMPARE(m_window->model()->index(0, 0).data().toString(), QStringLiteral("CI deploy"));
    search->clear();
    QCOMPARE(m_window->model()->rowCount(), 3);
    QTest::keyClicks(search, QStringLiteral("nothing like this"));
    QCOMPARE(m_window->model()->rowCount(), 0);
    // Escape clears it, as in every search box.
    QTest::keyClick(search, Qt::Key_Escape);
    QVERIFY(search->text().isEmpty());
    QCOMPARE(m_window->model()->rowCount(), 3);
    // A project is searched by its name, as the column shows it.
    const QString project = m_window->model()->index(0, InventoryTableModel::ProjectName).data().toString();
    QVERIFY(!project.isEmpty());
    QTest::keyClicks(search, project.left(4));
    QCOMPARE(m_window->model()->rowCount(), 3);
}

void TestMainWindow::deactivateAndDelete()
{
    QVERIFY(refreshNow());
    selectRow(1); // CI deploy
    QSignalSpy refreshed(m_window, &MainWindow::refreshed);
    triggerAction(*m_window, "actionToggleActive");
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(m_window->model()->index(1, InventoryTableModel::Status).data().toString(),
             QStringLiteral("Inactive"));
    selectRow(1);
    // The confirmation names the action on its button ("Delete Key", not Yes); declined here.
    QStringList buttons;
    QTimer::singleShot(50, this, [&buttons] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        for (QAbstractButton* b : box->buttons())
            buttons << b->text().remove(QLatin1Char('&'));
        box->button(QMessageBox::Cancel)->click();
    });
    triggerAction(*m_window, "actionDelete");
    QTest::qWait(200);
    QVERIFY2(buttons.contains(QStringLiteral("Delete Key")) && !buttons.contains(QStringLiteral("Yes")),
             qPrintable(buttons.join(QLatin1Char('|'))));
    QCOMPARE(m_window->model()->rowCount(), 3);
    const qint64 next = m_window->model()->credentialAt(2)->id;
    auto* view = m_window->findChild<QTableView*>(QStringLiteral("inventoryTableView"));
    m_window->resize(520, 420); // narrow: the table scrolls across
    QTRY_VERIFY(view->horizontalScrollBar()->maximum() > 0);
    view->horizontalScrollBar()->setValue(view->horizontalScrollBar()->maximum());
    const int across = view->horizontalScrollBar()->value();
    scriptedQuestions().setNextAnswer(QMessageBox::Yes);
    triggerAction(*m_window, "actionDelete");
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(m_window->model()->rowCount(), 2);
    // The next key is selected (nothing was), and the table stays scrolled where it was.
    QTRY_COMPARE(view->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(m_window->model()->credentialAt(view->selectionModel()->selectedRows().first().row())->id, next);
    QCOMPARE(view->horizontalScrollBar()->value(), across);
    auto list = m_fixture->client().Get(("/v1/projects/" + m_project + "/keys").c_str(), m_fixture->admin());
    QCOMPARE(ServiceFixture::json(list).value(QLatin1String("keys")).toArray().size(), 2);
}

void TestMainWindow::offlineKeepsTheInventory()
{
    QVERIFY(refreshNow());
    m_fixture->stop();
    QVERIFY(!refreshNow());
    QCOMPARE(m_window->model()->rowCount(), 3); // the mirror is still there to review
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Could not refresh")));
    auto* connections = m_window->findChild<QListWidget*>(QStringLiteral("connectionsListWidget"));
    QVERIFY(connections->item(1)->text().contains(QStringLiteral("unreachable")));
    QVERIFY(connections->item(1)->text().contains(QStringLiteral("synced")));
    // Actions that need the service are off, and say why; reading and exporting still work.
    auto* generate = m_window->findChild<QAction*>(QStringLiteral("actionGenerateKey"));
    QVERIFY(!generate->isEnabled());
    QVERIFY(generate->toolTip().contains(QStringLiteral("unreachable")));
    selectRow(0);
    QVERIFY(!m_window->findChild<QAction*>(QStringLiteral("actionDelete"))->isEnabled());
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("actionCopyKeyId"))->isEnabled());
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("actionExport"))->isEnabled());
}

void TestMainWindow::modelPassesTheModelTester()
{
    QVERIFY(refreshNow());
    QAbstractItemModelTester tester(m_window->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->model()->setSearch(QStringLiteral("i"));
    m_window->model()->sort(InventoryTableModel::Created, Qt::DescendingOrder);
    m_window->model()->setSearch(QString());
    QVERIFY(m_window->model()->reload().ok());
}

void TestMainWindow::secondInstanceAsksTheFirstToShow()
{
    SingleInstance first(m_dir->path());
    QVERIFY(first.acquire());
    QSignalSpy activated(&first, &SingleInstance::activationRequested);
    SingleInstance second(m_dir->path());
    QVERIFY(!second.acquire());
    QVERIFY(activated.wait(5000));
}

void TestMainWindow::testKeyRecordsTheResult()
{
    QVERIFY(refreshNow());
    const Credential monitoring = *m_window->model()->credentialAt(2);
    QCOMPARE(monitoring.name, QStringLiteral("Monitoring"));
    std::optional<Expected<void>> stored;
    m_keychain->writeSecret(monitoring.keychainAccount(), {}, SecretBytes::fromUtf8(m_monitoringSecret),
                            [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 10000);
    KD_VERIFY_OK(*stored);
    selectRow(2);
    QSignalSpy tested(keyActionsOf(*m_window), &KeyActions::tested);
    triggerAction(*m_window, "actionTestKey");
    QVERIFY(tested.wait(10000));
    QVERIFY(tested.first().at(1).toBool());
    const Credential after = *m_window->model()->credentialAt(2);
    QVERIFY(after.lastTestedAt.isValid());
    QVERIFY(after.lastTestResult.startsWith(QStringLiteral("204")));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("works")));
    // The test call used the key at its service: Last used says so without a refresh (it said "Never used").
    QVERIFY(!monitoring.lastUsedAt.isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->credentialAt(2)->lastUsedAt.isValid(), 10000);
    // A key whose secret is not in the keychain cannot be tested, and says why: Test Key is off with the
    // reason once the keychain has said so (it stayed on and failed), as the Token Generator does.
    selectRow(0);
    auto* test = m_window->findChild<QAction*>(QStringLiteral("actionTestKey"));
    QTRY_VERIFY_WITH_TIMEOUT(!test->isEnabled(), 10000);
    QVERIFY2(test->toolTip().contains(QStringLiteral("has no secret for this key")),
             qPrintable(test->toolTip()));
    // A secret can also go behind KeyDesk's back (another program removed it from the keychain): Test Key
    // was on, so the test runs, fails and says why.
    const Credential other = *m_window->model()->credentialAt(1);
    stored.reset();
    m_keychain->writeSecret(other.keychainAccount(), {}, SecretBytes::fromUtf8("soon gone"),
                            [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 10000);
    KD_VERIFY_OK(*stored);
    QVERIFY(refreshNow()); // the marks ask the keychain again
    selectRow(1);
    QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 10000);
    std::optional<Expected<void>> removed;
    m_keychain->deleteSecret(other.keychainAccount(), [&](Expected<void> r) { removed.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 10000);
    KD_VERIFY_OK(*removed);
    tested.clear();
    triggerAction(*m_window, "actionTestKey");
    QVERIFY(tested.wait(10000));
    QVERIFY(!tested.first().at(1).toBool());
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Cannot test")));
    // Messages belong to their key: the red error about one stayed while another was selected, and "The
    // credential works." stayed on a key that was then deactivated.
    selectRow(2);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString());
    auto* verdict = m_window->findChild<QLabel*>(QStringLiteral("detailTestResultLabel"));
    QVERIFY(verdict->text().contains(QStringLiteral("works")));
    QSignalSpy changed(m_window, &MainWindow::refreshed);
    triggerAction(*m_window, "actionToggleActive");
    QVERIFY(changed.wait(10000));
    QCOMPARE(m_window->model()->credentialAt(2)->storedStatus, KeyStatus::Inactive);
    QVERIFY2(verdict->text().isEmpty(), qPrintable(verdict->text()));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("deactivated")));
    selectRow(1);
    QCOMPARE(m_window->statusBar()->currentMessage(), QString());
}

void TestMainWindow::textFromTheServiceIsShownAsText()
{
    const QString markup =
        QStringLiteral("<img src=\"http://127.0.0.1:9/track.png\"><b>urgent</b> <a href=\"x\">x</a>");
    m_fixture->createKey(m_project, QStringLiteral("Markup"), 30, markup);
    QVERIFY(refreshNow());
    m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->setText(QStringLiteral("Markup"));
    QTRY_COMPARE(m_window->model()->rowCount(), 1);
    selectRow(0);
    auto* description = m_window->findChild<QLabel*>(QStringLiteral("detailDescriptionLabel"));
    QCOMPARE(description->text(), markup);
    QCOMPARE(description->textFormat(), Qt::PlainText);
    // Every label that shows data is plain text; only fixed headings of our own are rich text.
    for (QLabel* label : m_window->findChildren<QLabel*>()) {
        if (label->objectName() != QLatin1String("connectionsLabel"))
            QVERIFY2(label->textFormat() == Qt::PlainText,
                     qPrintable(label->objectName() + QLatin1Char(' ') +
                                QString::fromLatin1(label->metaObject()->className())));
    }
}

void TestMainWindow::exportWritesWhatTheTableShows()
{
    QVERIFY(refreshNow());
    m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))
        ->setText(QStringLiteral("i")); // Billing, CI, Monitoring
    const QString csvPath = m_dir->filePath(QStringLiteral("out.csv"));
    scriptedQuestions().setNextFileName(csvPath, QStringLiteral("CSV (*.csv)"));
    triggerAction(*m_window, "actionExport");
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(csv.readAll());
    QCOMPARE(text.count(QStringLiteral("\r\n")), 1 + m_window->model()->rowCount());
    QVERIFY(!text.contains(QStringLiteral("kds_")));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Exported 3 keys")));

    // "expiries" typed with Calendar picked: expiries.ics (it had no extension); the folder of the last
    // export is offered again; the message counts the events and says who is not in the calendar.
    const QString icsPath = m_dir->filePath(QStringLiteral("expiries.ics"));
    scriptedQuestions().setNextFileName(m_dir->filePath(QStringLiteral("expiries")),
                                        QStringLiteral("Calendar of expiry dates (*.ics)"));
    triggerAction(*m_window, "actionExport");
    QVERIFY2(scriptedQuestions().lastSuggested().startsWith(m_dir->path()),
             qPrintable(scriptedQuestions().lastSuggested()));
    QFile ics(icsPath);
    QVERIFY(ics.open(QIODevice::ReadOnly));
    const QByteArray calendar = ics.readAll();
    QVERIFY(calendar.startsWith("BEGIN:VCALENDAR\r\n"));
    QCOMPARE(calendar.count("BEGIN:VEVENT"), 2); // Monitoring never expires
    const QString said = m_window->statusBar()->currentMessage();
    QVERIFY2(said.contains(QStringLiteral("Exported 2 keys")) &&
                 said.contains(QStringLiteral("1 key never expires")),
             qPrintable(said));

    scriptedQuestions().setNextFileName(QStringLiteral("/proc/keydesk-no/out.json"));
    triggerAction(*m_window, "actionExport");
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Could not write")));
}

void TestMainWindow::filters()
{
    QVERIFY(refreshNow());
    auto* filter = m_window->findChild<QComboBox*>(QStringLiteral("filterComboBox"));
    auto names = [this] {
        QStringList result;
        for (int row = 0; row < m_window->model()->rowCount(); ++row)
            result << m_window->model()->credentialAt(row)->name;
        return result;
    };
    filter->setCurrentIndex(3); // expiring within 14 days
    QCOMPARE(names(), QStringList{QStringLiteral("CI deploy")});
    filter->setCurrentIndex(2); // inactive
    QVERIFY(names().isEmpty());
    filter->setCurrentIndex(5); // never used
    QCOMPARE(names().size(), 3);
    // Search and filter combine.
    m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->setText(QStringLiteral("bill"));
    QCOMPARE(names(), QStringList{QStringLiteral("Billing export")});
    filter->setCurrentIndex(6); // not tested for 30 days: none was ever tested
    QCOMPARE(names(), QStringList{QStringLiteral("Billing export")});
    filter->setCurrentIndex(0);
    m_window->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->clear();
    QCOMPARE(names().size(), 3);

    // Picking a connection on the left shows its keys only, also after a refresh; "All connections" all.
    Connection vendor;
    vendor.name = QStringLiteral("Monite sandbox");
    vendor.kind = Connection::Kind::OAuth2Provider;
    Credential imported;
    imported.connectionId = m_store->addConnection(vendor).value();
    imported.name = QStringLiteral("Monite client");
    imported.keyId = QStringLiteral("client-1");
    KD_VERIFY_OK(m_store->saveCredential(imported));
    QVERIFY(refreshNow());
    QCOMPARE(names().size(), 4);
    auto* connections = m_window->findChild<QListWidget*>(QStringLiteral("connectionsListWidget"));
    QListWidgetItem* monite =
        connections->findItems(QStringLiteral("Monite sandbox"), Qt::MatchStartsWith).value(0);
    QVERIFY(monite);
    connections->setCurrentItem(monite);
    QCOMPARE(names(), QStringList{QStringLiteral("Monite client")});
    filter->setCurrentIndex(5); // never used: combines with the connection
    QCOMPARE(names(), QStringList{QStringLiteral("Monite client")});
    QVERIFY(refreshNow());
    QVERIFY(connections->currentItem()->text().startsWith(QStringLiteral("Monite sandbox")));
    QCOMPARE(names(), QStringList{QStringLiteral("Monite client")});
    connections->setCurrentRow(0);
    QCOMPARE(names().size(), 4);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

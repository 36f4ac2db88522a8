#include "ExpectedHelpers.h"
#include "ServiceFixture.h"
#include "ThreeKeyWindow.h"
#include "WindowAction.h"
#include "WindowRig.h"
#include "gui/Clipboard.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/PreferencesDialog.h"
#include "gui/ScreenFit.h"
#include "gui/SecretPresenceMarks.h"
#include "gui/TokenGeneratorDialog.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ImportCredential.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolBar>

// The main window's layout as people use it (issue 15): it fits the screen and keeps its columns and panes in
// view, the keyboard moves between its panes, and an empty table says what to do. A real keychain and a real
// service (tst_mainwindowflow: selection and results through actions).
class TestWindowLayout : public QObject, private ThreeKeyWindow
{
    Q_OBJECT

private slots:
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }
    void tabMovesBetweenPanesAndArrowsWithinTheTable();
    void narrowWindowKeepsNameAndStatusAndFitsTheScreen();
    void emptyTableSaysWhatToDo();
    void detailsPanelKeepsItsWidth();
};

void TestWindowLayout::tabMovesBetweenPanesAndArrowsWithinTheTable()
{
    QApplication::setActiveWindow(window());
    QVERIFY(QTest::qWaitForWindowActive(window()));
    auto* connections = window()->findChild<QWidget*>(QStringLiteral("connectionsListWidget"));
    connections->setFocus(Qt::TabFocusReason);
    // The panes in reading order (the project picker only when there is a project to pick).
    QStringList expected;
    for (const char* name : {"connectionsListWidget", "projectComboBox", "filterComboBox", "searchLineEdit",
                             "inventoryTableView", "detailsTabWidget"}) {
        if (window()->findChild<QWidget*>(QLatin1String(name))->isVisible())
            expected << QLatin1String(name);
    }
    QVERIFY(expected.size() >= 5);
    auto paneOf = [&expected](QWidget* w) { // the tab widget's focus is on its tab bar
        while (w && !expected.contains(w->objectName()))
            w = w->parentWidget();
        return w ? w->objectName() : QString();
    };
    QStringList order{connections->objectName()};
    while (order.size() < expected.size()) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        order << paneOf(QApplication::focusWidget());
    }
    QCOMPARE(order, expected);
    // Back with Shift+Tab: one press from the details to the table, one more to the search box.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
    QCOMPARE(QApplication::focusWidget(), table());
    // In the table the arrows move by row, and the Name column stays in view.
    selectNamed(QStringLiteral("Billing export"));
    const qint64 first = selectedId();
    QTest::keyClick(table(), Qt::Key_Down);
    QVERIFY(selectedId() != first && selectedId() != 0);
    QTest::keyClick(table(), Qt::Key_Backtab);
    QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("searchLineEdit"));
    QCOMPARE(table()->horizontalScrollBar()->value(), 0);
}

void TestWindowLayout::narrowWindowKeepsNameAndStatusAndFitsTheScreen()
{
    window()->resize(900, 600);
    QTRY_COMPARE(window()->width(), 900);
    QTest::qWait(50); // the splitter lays out on the next event
    const QHeaderView* header = table()->horizontalHeader();
    for (int column : {int(InventoryTableModel::Name), int(InventoryTableModel::Status)}) {
        const int right = header->sectionViewportPosition(column) + header->sectionSize(column);
        QVERIFY2(header->sectionViewportPosition(column) >= 0 && right <= table()->viewport()->width(),
                 qPrintable(QStringLiteral("column %1 ends at %2 of %3")
                                .arg(column)
                                .arg(right)
                                .arg(table()->viewport()->width())));
    }
    // A geometry larger than the screen (a restored one, or the default at QT_SCALE_FACTOR=2) is made to fit,
    // and one off screen is moved back on it.
    const QRect screen(0, 0, 1400, 900);
    const QRect tooLarge = ScreenFit::fitted(QRect(0, 0, 2560, 1280), screen);
    QVERIFY(screen.contains(tooLarge));
    QCOMPARE(tooLarge.size(), QSize(1400, 900));
    const QRect offScreen = ScreenFit::fitted(QRect(3000, 1200, 800, 500), screen);
    QCOMPARE(offScreen, QRect(600, 400, 800, 500));
    QCOMPARE(ScreenFit::fitted(QRect(100, 50, 800, 500), screen), QRect(100, 50, 800, 500));
    const QRect available = window()->screen()->availableGeometry();
    window()->resize(available.width() * 2, available.height() * 2);
    ScreenFit::apply(window());
    QVERIFY(window()->width() <= available.width() && window()->height() <= available.height());
}

void TestWindowLayout::emptyTableSaysWhatToDo()
{
    // A search that matches nothing says so, and offers to show everything again.
    auto* panel = window()->findChild<QWidget*>(QStringLiteral("emptyStatePanel"));
    auto* message = window()->findChild<QLabel*>(QStringLiteral("emptyStateLabel"));
    QVERIFY(!panel->isVisible());
    window()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->setText(QStringLiteral("zzz-nothing"));
    QTRY_VERIFY(panel->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("match")), qPrintable(message->text()));
    QPushButton* showAll = panel->findChild<QPushButton*>();
    QVERIFY(showAll && showAll->isVisible());
    QTest::mouseClick(showAll, Qt::LeftButton);
    QTRY_COMPARE(window()->model()->rowCount(), 3);
    QVERIFY(window()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"))->text().isEmpty());
    QTRY_VERIFY(!panel->isVisible());

    // First run: nothing anywhere. The three ways to begin, as buttons that do them.
    QTemporaryDir dir;
    ServiceFixture empty;
    QVERIFY(empty.start());
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    Connection local;
    local.name = QStringLiteral("Local");
    local.embedded = true;
    ServiceSessions sessions(store, &m_rig->network, 10000);
    sessions.open(store.addConnection(local).value(), empty.server().baseUrl(),
                  SecretBytes(QByteArray::fromStdString(empty.adminToken)));
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    MainWindow first(store, sessions, m_keychain, m_rig->clipboard, settings);
    first.show();
    QSignalSpy refreshed(&first, &MainWindow::refreshed);
    first.refresh();
    QVERIFY(refreshed.wait(10000));
    auto* firstPanel = first.findChild<QWidget*>(QStringLiteral("emptyStatePanel"));
    QTRY_VERIFY(firstPanel->isVisible());
    QVERIFY(first.findChild<QLabel*>(QStringLiteral("emptyStateLabel"))
                ->text()
                .contains(QStringLiteral("first key")));
    QStringList buttons;
    QPushButton* generate = nullptr;
    for (QPushButton* b : firstPanel->findChildren<QPushButton*>()) {
        if (!b->isVisible())
            continue;
        buttons << b->text();
        if (b->text().startsWith(QStringLiteral("Generate")))
            generate = b;
    }
    QCOMPARE(buttons.size(), 3);
    QVERIFY2(generate && generate->isEnabled(), qPrintable(buttons.join(QLatin1Char('|'))));
    QSignalSpy asked(first.findChild<QAction*>(QStringLiteral("actionGenerateKey")), &QAction::triggered);
    QTimer::singleShot(50, this, [] {
        if (QWidget* dialog = QApplication::activeModalWidget())
            dialog->close();
    });
    QTest::mouseClick(generate, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
}

void TestWindowLayout::detailsPanelKeepsItsWidth()
{
    const std::string project = m_fixture->createProject(QStringLiteral("Wide"));
    m_fixture->createKey(project, QStringLiteral("Wide") + QString(50, QLatin1Char('W')), 30,
                         QString(400, QLatin1Char('d'))); // one long word: nothing to wrap at
    QVERIFY(refreshNow());
    window()->resize(1000, 600);
    auto* details = window()->findChild<QWidget*>(QStringLiteral("detailsTabWidget"));
    selectNamed(QStringLiteral("CI deploy"));
    QApplication::processEvents();
    const int width = details->width();
    selectNamed(QStringLiteral("Wide") + QString(50, QLatin1Char('W')));
    QApplication::processEvents();
    QCOMPARE(details->width(), width);
    table()->clearSelection();
    QApplication::processEvents();
    QCOMPARE(details->width(), width);
}

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"

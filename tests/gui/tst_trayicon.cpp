#include "gui/TrayIcon.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTest>

// "Start minimised" and the tray: the window starts in the tray where the desktop has one, minimised to the
// taskbar where it has none (never lost), and the tray's click and menu bring it back.
class TestTrayIcon : public QObject
{
    Q_OBJECT

private slots:
    void startsShownUnlessAsked();
    void startsInTheTrayAndComesBack();
    void withoutATrayStartsMinimised();
};

void TestTrayIcon::startsShownUnlessAsked()
{
    QMainWindow window;
    TrayIcon tray(&window, TrayIcon::Tray::Available);
    tray.showAtStart(false);
    QVERIFY(window.isVisible());
    QVERIFY(!(window.windowState() & Qt::WindowMinimized));
}

void TestTrayIcon::startsInTheTrayAndComesBack()
{
    QMainWindow window;
    TrayIcon tray(&window, TrayIcon::Tray::Available);
    QVERIFY(tray.icon());
    QVERIFY(!tray.icon()->icon().isNull());
    QCOMPARE(tray.icon()->contextMenu()->actions().first(), tray.showAction());
    QVERIFY(tray.icon()->contextMenu()->actions().contains(tray.quitAction()));
    tray.showAtStart(true);
    QVERIFY(!window.isVisible());
    emit tray.icon()->activated(QSystemTrayIcon::Context); // the menu opens; the window stays
    QVERIFY(!window.isVisible());
    emit tray.icon()->activated(QSystemTrayIcon::Trigger); // a click on the icon
    QVERIFY(window.isVisible());
    window.hide();
    tray.showAction()->trigger(); // the menu's "Show KeyDesk"
    QVERIFY(window.isVisible());
}

void TestTrayIcon::withoutATrayStartsMinimised()
{
    QMainWindow window;
    TrayIcon tray(&window, TrayIcon::Tray::Missing);
    QVERIFY(!tray.icon()); // reminders go to the window alone
    tray.showAtStart(true);
    QVERIFY(window.isVisible());
    QVERIFY(window.windowState() & Qt::WindowMinimized);
    tray.showAction()->trigger(); // as a second start does (SingleInstance)
    QVERIFY(!(window.windowState() & Qt::WindowMinimized));
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"

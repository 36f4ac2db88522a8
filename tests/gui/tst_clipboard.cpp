#include "gui/Clipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

class TestClipboard : public QObject
{
    Q_OBJECT

private slots:
    void secretCarriesThePasswordManagerHint();
    void clearedAfterTheTimeout();
    void foreignContentIsLeftAlone();
    void clearedOnQuitIfStillOurs();
};

void TestClipboard::secretCarriesThePasswordManagerHint()
{
    Clipboard clipboard;
    clipboard.copySecret(QStringLiteral("kds_hinted"));
    const QMimeData* mime = QGuiApplication::clipboard()->mimeData();
    QCOMPARE(mime->text(), QStringLiteral("kds_hinted"));
    QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));
    // Never the selection (a middle click pastes it anywhere): tst_x11selections checks it on X11.
    if (QGuiApplication::clipboard()->supportsSelection())
        QVERIFY(QGuiApplication::clipboard()->text(QClipboard::Selection) != QStringLiteral("kds_hinted"));
    clipboard.clearIfOurs();
}

void TestClipboard::clearedAfterTheTimeout()
{
    Clipboard clipboard;
    clipboard.setTimeoutSeconds(2);
    QSignalSpy countdown(&clipboard, &Clipboard::countdown);
    clipboard.copySecret(QStringLiteral("kds_shortlived"));
    QCOMPARE(countdown.first().first().toInt(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(QGuiApplication::clipboard()->text().isEmpty(), 5000);
    QCOMPARE(countdown.last().first().toInt(), 0);
    QCOMPARE(clipboard.secondsLeft(), 0);
}

void TestClipboard::foreignContentIsLeftAlone()
{
    Clipboard clipboard;
    clipboard.setTimeoutSeconds(1);
    clipboard.copySecret(QStringLiteral("kds_mine"));
    QGuiApplication::clipboard()->setText(QStringLiteral("the user's own text"));
    QTest::qWait(2500);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("the user's own text"));
    clipboard.clearIfOurs();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("the user's own text"));
}

void TestClipboard::clearedOnQuitIfStillOurs()
{
    {
        Clipboard clipboard;
        clipboard.setTimeoutSeconds(600);
        clipboard.copySecret(QStringLiteral("kds_until_quit"));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("kds_until_quit"));
        QVERIFY(QMetaObject::invokeMethod(qGuiApp, "aboutToQuit", Qt::DirectConnection)); // as quit() does
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    }
    {
        Clipboard clipboard;
        clipboard.copySecret(QStringLiteral("kds_destroyed"));
    } // destruction clears too
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
}

QTEST_MAIN(TestClipboard)
#include "tst_clipboard.moc"

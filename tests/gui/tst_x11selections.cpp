#include "MemorySecretStore.h"
#include "gui/Clipboard.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/PrivacyLock.h"
#include "gui/SecretDialog.h"
#include "storage/InventoryStore.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

// The X11 selections as another X client sees them (xclip), on a real X server (Xvfb): a secret must never
// be what a middle click pastes anywhere, whatever happens to the clipboard meanwhile.
class TestX11Selections : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void aCopiedSecretNeverReachesPrimary();
    void revealedSecretsCannotBeSelectedIntoPrimary();

private:
    // What another X client reads from `selection` ("primary" or "clipboard"). We keep answering X events
    // while it asks: we may be the selection's owner.
    static QByteArray read(const char* selection);
    static void write(const char* selection, const QByteArray& text);

    const QByteArray m_secret = QByteArrayLiteral("kds_X11SelectionTest0123456789abcdefghijk");
};

QByteArray TestX11Selections::read(const char* selection)
{
    QProcess xclip;
    xclip.start(QStringLiteral("xclip"),
                {QStringLiteral("-o"), QStringLiteral("-selection"), QString::fromLatin1(selection)});
    if (!QTest::qWaitFor([&] { return xclip.state() == QProcess::NotRunning; }, 5000)) {
        xclip.kill();
        xclip.waitForFinished();
    }
    return xclip.readAllStandardOutput();
}

void TestX11Selections::write(const char* selection, const QByteArray& text)
{
    // xclip stays behind to serve the selection until someone else takes it.
    QProcess xclip;
    xclip.start(QStringLiteral("xclip"),
                {QStringLiteral("-i"), QStringLiteral("-selection"), QString::fromLatin1(selection)});
    xclip.write(text);
    xclip.closeWriteChannel();
    QTest::qWaitFor([&] { return xclip.state() == QProcess::NotRunning; }, 5000);
}

void TestX11Selections::initTestCase()
{
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    QVERIFY(QGuiApplication::clipboard()->supportsSelection());
    // The harness sees our selections: plain text put in PRIMARY by us is read back by xclip.
    QGuiApplication::clipboard()->setText(QStringLiteral("harness check"), QClipboard::Selection);
    QCOMPARE(read("primary"), QByteArray("harness check"));
}

void TestX11Selections::aCopiedSecretNeverReachesPrimary()
{
    QGuiApplication::clipboard()->setText(QStringLiteral("an earlier selection"), QClipboard::Selection);
    Clipboard clipboard;
    clipboard.setTimeoutSeconds(2);
    clipboard.copySecret(QString::fromLatin1(m_secret));
    QCOMPARE(read("clipboard"), m_secret);
    QVERIFY(!read("primary").contains(m_secret));
    // The user copies something else before the timeout, then waits past it (the reported steps).
    write("clipboard", "the user's own text");
    QCOMPARE(read("clipboard"), QByteArray("the user's own text"));
    QTest::qWait(3000);
    QVERIFY(!read("primary").contains(m_secret));
    QCOMPARE(read("clipboard"), QByteArray("the user's own text")); // left alone
    // The privacy lock clears what it can, and nothing of ours is left in either.
    PrivacyLock lock(clipboard, nullptr, nullptr);
    lock.engage();
    QVERIFY(!read("primary").contains(m_secret));
    QVERIFY(!read("clipboard").contains(m_secret));
}

void TestX11Selections::revealedSecretsCannotBeSelectedIntoPrimary()
{
    QTemporaryDir dir;
    InventoryStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))).ok());
    MemorySecretStore secrets;
    Clipboard clipboard;
    ImportCredentialDialog import(store, secrets);
    SecretDialog copyOnce(QStringLiteral("kd_X11"), SecretBytes(m_secret), QStringLiteral("a/b"), &secrets,
                          clipboard);
    struct Field
    {
        QWidget* dialog;
        const char* field;
        const char* showButton;
    };
    for (const Field& f : {Field{&import, "secretLineEdit", "showSecretButton"},
                           Field{&copyOnce, "secretLineEdit", "revealToolButton"}}) {
        f.dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.dialog));
        auto* field = f.dialog->findChild<QLineEdit*>(QLatin1String(f.field));
        if (field->text().isEmpty())
            field->setText(QString::fromLatin1(m_secret));
        f.dialog->findChild<QToolButton*>(QLatin1String(f.showButton))->click();
        QCOMPARE(field->echoMode(), QLineEdit::Normal);
        field->setFocus();
        // Every way a person selects: Ctrl+A, shift+End, a double click, a drag with the mouse.
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QVERIFY(!read("primary").contains(m_secret.mid(4, 20)));
        QTest::keyClick(field, Qt::Key_Home);
        QTest::keyClick(field, Qt::Key_End, Qt::ShiftModifier);
        QVERIFY(!read("primary").contains(m_secret.mid(4, 20)));
        QTest::mouseDClick(field, Qt::LeftButton, {}, QPoint(20, field->height() / 2));
        QTest::mousePress(field, Qt::LeftButton, {}, QPoint(2, field->height() / 2));
        QTest::mouseMove(field, QPoint(field->width() - 2, field->height() / 2));
        QTest::mouseRelease(field, Qt::LeftButton, {}, QPoint(field->width() - 2, field->height() / 2));
        QVERIFY(!read("primary").contains(m_secret.mid(4, 20)));
        // Ctrl+C and Ctrl+X in the form do not bypass the clipboard rules.
        QGuiApplication::clipboard()->setText(QStringLiteral("unchanged"));
        QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(field, Qt::Key_X, Qt::ControlModifier);
        QCOMPARE(field->text().toLatin1(), m_secret);
        if (f.dialog == &import)
            QCOMPARE(read("clipboard"), QByteArray("unchanged"));
        f.dialog->hide();
    }
}

QTEST_MAIN(TestX11Selections)
#include "tst_x11selections.moc"

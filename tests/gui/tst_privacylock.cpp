#include "MemorySecretStore.h"
#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/IdleWatcher.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/PrivacyLock.h"
#include "gui/SecretDialog.h"
#include "gui/SessionLockWatcher.h"
#include "gui/TokenGeneratorDialog.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"

#include <QClipboard>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

namespace {

const QString kSessionPath = QStringLiteral("/org/freedesktop/login1/session/_3142");

// Plays logind on a private bus: answers GetSessionByPID with a session of ours.
class FakeLogind : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Manager")

public slots:
    QDBusObjectPath GetSessionByPID(uint) { return QDBusObjectPath(kSessionPath); }
};

// Sends a bus signal from a connection of its own, as another program would; logind's come from the
// connection that owns org.freedesktop.login1 (KeyDesk listens to that name only).
void sendSignal(const QString& path, const QString& interface, const QString& name,
                const QVariantList& args = {}, bool asLogind = false)
{
    QDBusConnection other =
        asLogind ? QDBusConnection::sessionBus()
                 : QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("other"));
    QDBusMessage signal = QDBusMessage::createSignal(path, interface, name);
    signal.setArguments(args);
    QVERIFY(other.send(signal));
}

} // namespace

// The privacy lock, with a real session bus (dbus-run-session) standing in for the desktop and for logind.
class TestPrivacyLock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void screenSaverLockMasksTheSecretAndKeepsIt();
    void logindLockAndSleepEngageIt();
    void idleTimeEngagesIt();
    void minimisingEngagesItWhenChosen();
    void tokensAreForgottenAndTheClipboardCleared();
    void providerCredentialFormsAreHiddenToo();

private:
    SecretDialog* openSecretDialog();

    Clipboard m_clipboard;
    MemorySecretStore m_secrets;
    const QByteArray m_secret = QByteArrayLiteral("kds_PrivacyLockTest0123456789abcdefghijKL");
};

void TestPrivacyLock::initTestCase()
{
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), "needs a session bus (tests/with-keyring.sh)");
    FakeLogind* logind = new FakeLogind;
    QDBusConnection bus = QDBusConnection::sessionBus();
    QVERIFY(bus.registerObject(QStringLiteral("/org/freedesktop/login1"), logind,
                               QDBusConnection::ExportAllSlots));
    QVERIFY(bus.registerService(QStringLiteral("org.freedesktop.login1")));
}

SecretDialog* TestPrivacyLock::openSecretDialog()
{
    auto* dialog = new SecretDialog(QStringLiteral("kd_LOCK"), SecretBytes(m_secret), QStringLiteral("a/b"),
                                    &m_secrets, m_clipboard);
    dialog->show();
    dialog->findChild<QToolButton*>(QStringLiteral("revealToolButton"))->click();
    return dialog;
}

void TestPrivacyLock::screenSaverLockMasksTheSecretAndKeepsIt()
{
    SessionLockWatcher watcher(QDBusConnection::sessionBus(), QDBusConnection::sessionBus());
    PrivacyLock lock(m_clipboard, &watcher, nullptr);
    QSignalSpy engaged(&lock, &PrivacyLock::engaged);
    std::unique_ptr<SecretDialog> dialog(openSecretDialog());
    auto* field = dialog->findChild<QLineEdit*>(QStringLiteral("secretLineEdit"));
    QCOMPARE(field->echoMode(), QLineEdit::Normal);

    sendSignal(QStringLiteral("/org/freedesktop/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver"),
               QStringLiteral("ActiveChanged"), {false}); // unlocking is not locking
    QTest::qWait(300);
    QCOMPARE(engaged.count(), 0);
    sendSignal(QStringLiteral("/org/freedesktop/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver"),
               QStringLiteral("ActiveChanged"), {true});
    QVERIFY(engaged.wait(5000));
    QCOMPARE(engaged.first().first().value<PrivacyLock::Reason>(), PrivacyLock::Reason::SessionLocked);
    QCOMPARE(field->echoMode(), QLineEdit::Password);
    QVERIFY(dialog->isVisible()); // the copy-once dialog stays: its secret cannot be shown again later
    QCOMPARE(field->text().toLatin1(), m_secret);
    QVERIFY(!dialog->findChild<QToolButton*>(QStringLiteral("revealToolButton"))->isChecked());

    sendSignal(QStringLiteral("/org/gnome/ScreenSaver"), QStringLiteral("org.gnome.ScreenSaver"),
               QStringLiteral("ActiveChanged"), {true});
    QVERIFY(engaged.wait(5000));
}

void TestPrivacyLock::logindLockAndSleepEngageIt()
{
    SessionLockWatcher watcher(QDBusConnection::sessionBus(), QDBusConnection::sessionBus());
    QTRY_COMPARE(watcher.sourcesWatched(), 5); // 3 screen savers, PrepareForSleep, this session's Lock
    PrivacyLock lock(m_clipboard, &watcher, nullptr);
    QSignalSpy engaged(&lock, &PrivacyLock::engaged);
    // Somebody who is not logind cannot lock us...
    sendSignal(kSessionPath, QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"));
    QTest::qWait(300);
    QCOMPARE(engaged.count(), 0);
    // ...logind can.
    sendSignal(kSessionPath, QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"), {},
               true);
    QVERIFY(engaged.wait(5000));
    // Another session's lock is not ours.
    sendSignal(QStringLiteral("/org/freedesktop/login1/session/_99"),
               QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"), {}, true);
    QTest::qWait(300);
    QCOMPARE(engaged.count(), 1);
    sendSignal(QStringLiteral("/org/freedesktop/login1"), QStringLiteral("org.freedesktop.login1.Manager"),
               QStringLiteral("PrepareForSleep"), {true}, true);
    QVERIFY(engaged.wait(5000));
    QCOMPARE(engaged.count(), 2);
}

void TestPrivacyLock::idleTimeEngagesIt()
{
    IdleWatcher idle;
    PrivacyLock lock(m_clipboard, nullptr, &idle);
    QSignalSpy engaged(&lock, &PrivacyLock::engaged);
    std::unique_ptr<SecretDialog> dialog(openSecretDialog());
    idle.setIdleMs(600);
    // Typing keeps it away...
    for (int i = 0; i < 4; ++i) {
        QTest::qWait(250);
        QTest::keyClick(dialog.get(), Qt::Key_Shift);
    }
    QCOMPARE(engaged.count(), 0);
    // ...doing nothing brings it.
    QVERIFY(engaged.wait(3000));
    QCOMPARE(engaged.first().first().value<PrivacyLock::Reason>(), PrivacyLock::Reason::Idle);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("secretLineEdit"))->echoMode(),
             QLineEdit::Password);
}

void TestPrivacyLock::minimisingEngagesItWhenChosen()
{
    QMainWindow window;
    window.show();
    PrivacyLock lock(m_clipboard, nullptr, nullptr);
    lock.watchWindow(&window);
    QSignalSpy engaged(&lock, &PrivacyLock::engaged);
    window.setWindowState(Qt::WindowMinimized);
    QTest::qWait(100);
    QCOMPARE(engaged.count(), 0); // off unless chosen
    window.setWindowState(Qt::WindowNoState);
    lock.setLockOnMinimise(true);
    window.setWindowState(Qt::WindowMinimized);
    QTRY_COMPARE(engaged.count(), 1);
}

void TestPrivacyLock::tokensAreForgottenAndTheClipboardCleared()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const QJsonObject key = f.createKey(f.createProject(), QStringLiteral("Support"));
    Credential c;
    c.id = 1;
    c.name = QStringLiteral("Support");
    c.keyId = key.value(QLatin1String("key_id")).toString();
    c.connectionUid = QStringLiteral("lock-test");
    m_secrets.writeSecret(c.keychainAccount(), {},
                          SecretBytes::fromUtf8(key.value(QLatin1String("secret")).toString()),
                          [](Expected<void>) {});
    TokenSource source{c, c.name, ProviderSettings::keyDeskService(f.server().baseUrl()), {}};
    QNetworkAccessManager network;
    TokenClient tokens(&network);
    TestCall tests(&network);
    TokenGeneratorDialog generator({source}, tokens, tests, m_secrets, m_clipboard);
    generator.show();
    QSignalSpy received(&generator, &TokenGeneratorDialog::tokenReceived);
    generator.generate();
    QVERIFY(received.wait(10000));
    auto* token = generator.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"));
    QVERIFY(token->text().startsWith(QStringLiteral("eyJ")));
    generator.findChild<QPushButton*>(QStringLiteral("copyTokenButton"))->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), token->text());

    PrivacyLock lock(m_clipboard, nullptr, nullptr);
    lock.engage();
    QVERIFY(token->text().isEmpty());
    QVERIFY(!generator.findChild<QPushButton*>(QStringLiteral("copyTokenButton"))->isEnabled());
    QVERIFY(generator.findChild<QLabel*>(QStringLiteral("errorLabel"))
                ->text()
                .contains(QStringLiteral("Locked")));
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    // A new token is one click away.
    generator.generate();
    QVERIFY(received.wait(10000));
}

void TestPrivacyLock::providerCredentialFormsAreHiddenToo()
{
    QTemporaryDir dir;
    InventoryStore store;
    QVERIFY(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))).ok());
    PrivacyLock lock(m_clipboard, nullptr, nullptr);
    ImportCredentialDialog dialog(store, m_secrets);
    dialog.show();
    auto* secret = dialog.findChild<QLineEdit*>(QStringLiteral("secretLineEdit"));
    auto* show = dialog.findChild<QToolButton*>(QStringLiteral("showSecretButton"));
    auto* pem = dialog.findChild<QPlainTextEdit*>(QStringLiteral("keyPemPlainTextEdit"));
    secret->setText(QString::fromLatin1(m_secret));
    show->click();
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    // A whole PEM private key is taken off the screen as soon as it is pasted...
    const QString key =
        QStringLiteral("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
                       "-----END PRIVATE KEY-----\n");
    pem->setPlainText(key);
    QVERIFY(pem->toPlainText().isEmpty());
    QVERIFY(pem->placeholderText().contains(QLatin1String("not shown")));
    QVERIFY(!pem->document()->isUndoAvailable()); // and no undo brings it back
    // ...half of one is hidden by the lock, with the revealed secret.
    pem->setPlainText(key.left(40));
    QCOMPARE(pem->toPlainText(), key.left(40));
    lock.engage();
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QVERIFY(!show->isChecked());
    QCOMPARE(secret->text().toLatin1(), m_secret); // masked, not lost
    QVERIFY(pem->toPlainText().isEmpty());
}

QTEST_MAIN(TestPrivacyLock)
#include "tst_privacylock.moc"

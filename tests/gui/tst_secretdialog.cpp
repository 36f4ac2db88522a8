#include "FailingSecretStore.h"
#include "gui/Clipboard.h"
#include "gui/SecretDialog.h"
#include "storage/KeychainSecretStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTest>
#include <QToolButton>

// The copy-once dialog offscreen, storing into a real gnome-keyring (tests/with-keyring.sh unlocked).
class TestSecretDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsKeyIdAndMaskedSecret();
    void closeNeedsConfirmation();
    void copyButtonsUseTheClipboardRules();
    void revealedSecretLeavesOnlyThroughTheClipboardRules();
    void storesInTheKeychainThenCloses();
    void keychainFailureKeepsTheDialogOpen();
    void closingWithoutKeychainStoresNothing();
    void namesTheKeyAndSaysWhatWasCopied();
    void returnClosesOnceConfirmedAndFocusStartsOnTheSecret();

private:
    template <typename T> static T* child(QDialog& d, const char* name)
    {
        return d.findChild<T*>(QLatin1String(name));
    }
    const QByteArray m_secret = QByteArrayLiteral("kds_TestSecretValue0123456789abcdefghijKLMN");
    Clipboard m_clipboard;
    KeychainSecretStore m_keychain{QStringLiteral("keydesk-test")};
};

void TestSecretDialog::showsKeyIdAndMaskedSecret()
{
    SecretDialog dialog(QStringLiteral("kd_ABCDEFGHIJKLMNOPQRST"), SecretBytes(m_secret),
                        QStringLiteral("t/1"), &m_keychain, m_clipboard);
    dialog.show();
    QCOMPARE(child<QLineEdit>(dialog, "keyIdLineEdit")->text(), QStringLiteral("kd_ABCDEFGHIJKLMNOPQRST"));
    auto* secret = child<QLineEdit>(dialog, "secretLineEdit");
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QCOMPARE(secret->text().toLatin1(), m_secret);
    QTest::mouseClick(child<QToolButton>(dialog, "revealToolButton"), Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(child<QToolButton>(dialog, "revealToolButton"), Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QVERIFY(child<QLabel>(dialog, "warningLabel")->text().contains(QStringLiteral("only this once")));
    QVERIFY(child<QCheckBox>(dialog, "keepInKeychainCheckBox")->isChecked());
}

void TestSecretDialog::revealedSecretLeavesOnlyThroughTheClipboardRules()
{
    SecretDialog dialog(QStringLiteral("kd_Y"), SecretBytes(m_secret), QStringLiteral("t/9"), &m_keychain,
                        m_clipboard);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* secret = child<QLineEdit>(dialog, "secretLineEdit");
    QTest::mouseClick(child<QToolButton>(dialog, "revealToolButton"), Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    // Nothing can be selected (so nothing reaches the PRIMARY selection), by mouse or keyboard.
    secret->setFocus();
    secret->setSelection(0, 12);
    QVERIFY(!secret->hasSelectedText());
    QTest::mouseDClick(secret, Qt::LeftButton);
    QVERIFY(!secret->hasSelectedText());
    QTest::keyClick(secret, Qt::Key_A, Qt::ControlModifier);
    QVERIFY(!secret->hasSelectedText());
    QTest::keyClick(secret, Qt::Key_End, Qt::ShiftModifier);
    QVERIFY(!secret->hasSelectedText());
    if (QGuiApplication::clipboard()->supportsSelection())
        QVERIFY(!QGuiApplication::clipboard()
                     ->text(QClipboard::Selection)
                     .contains(QString::fromLatin1(m_secret)));
    // Ctrl+C copies the whole secret, with the password-manager hint and the timed clear.
    QTest::keyClick(secret, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QGuiApplication::clipboard()->text().toLatin1(), m_secret);
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArrayLiteral("secret"));
    QVERIFY(m_clipboard.secondsLeft() > 0);
    m_clipboard.clearIfOurs();
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    // Ctrl+X neither cuts nor bypasses the rules.
    QTest::keyClick(secret, Qt::Key_X, Qt::ControlModifier);
    QCOMPARE(secret->text().toLatin1(), m_secret);
    QVERIFY(m_clipboard.secondsLeft() > 0);
    m_clipboard.clearIfOurs();
}

void TestSecretDialog::closeNeedsConfirmation()
{
    SecretDialog dialog(QStringLiteral("kd_X"), SecretBytes(m_secret), QStringLiteral("t/2"), &m_keychain,
                        m_clipboard);
    dialog.show();
    child<QCheckBox>(dialog, "keepInKeychainCheckBox")->setChecked(false);
    QVERIFY(!dialog.closeButton()->isEnabled());
    QTest::keyClick(&dialog, Qt::Key_Escape); // Escape must not lose an unconfirmed secret
    QVERIFY(dialog.isVisible());
    dialog.close();
    QVERIFY(dialog.isVisible());
    QTest::mouseClick(child<QCheckBox>(dialog, "storedCheckBox"), Qt::LeftButton, {}, QPoint(5, 5));
    QVERIFY(dialog.closeButton()->isEnabled());
    QTest::mouseClick(dialog.closeButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    // Wiped: the line edit no longer holds the secret.
    QVERIFY(child<QLineEdit>(dialog, "secretLineEdit")->text().isEmpty());
}

void TestSecretDialog::copyButtonsUseTheClipboardRules()
{
    SecretDialog dialog(QStringLiteral("kd_COPYME"), SecretBytes(m_secret), QStringLiteral("t/3"),
                        &m_keychain, m_clipboard);
    dialog.show();
    QTest::mouseClick(child<QPushButton>(dialog, "copyKeyIdButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("kd_COPYME"));
    QVERIFY(
        !QGuiApplication::clipboard()->mimeData()->hasFormat(QStringLiteral("x-kde-passwordManagerHint")));
    QTest::mouseClick(child<QPushButton>(dialog, "copySecretButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text().toLatin1(), m_secret);
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArrayLiteral("secret"));
    QVERIFY(m_clipboard.secondsLeft() > 0);
    m_clipboard.clearIfOurs();
    QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
}

void TestSecretDialog::storesInTheKeychainThenCloses()
{
    SecretDialog dialog(QStringLiteral("kd_STORE"), SecretBytes(m_secret), QStringLiteral("t/store"),
                        &m_keychain, m_clipboard);
    dialog.show();
    child<QCheckBox>(dialog, "storedCheckBox")->setChecked(true);
    QTest::mouseClick(dialog.closeButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 15000);
    QVERIFY(dialog.storedInKeychain());
    std::optional<Expected<SecretBytes>> read;
    m_keychain.readSecret(QStringLiteral("t/store"),
                          [&read](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 15000);
    QVERIFY(read->ok());
    QCOMPARE(read->value().toByteArray(), m_secret);
}

void TestSecretDialog::keychainFailureKeepsTheDialogOpen()
{
    FailingSecretStore locked;
    SecretDialog dialog(QStringLiteral("kd_LOCKED"), SecretBytes(m_secret), QStringLiteral("t/locked"),
                        &locked, m_clipboard);
    dialog.show();
    child<QCheckBox>(dialog, "storedCheckBox")->setChecked(true);
    QTest::mouseClick(dialog.closeButton(), Qt::LeftButton);
    auto* error = child<QLabel>(dialog, "errorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 5000);
    QVERIFY(error->text().contains(QStringLiteral("locked")));
    QVERIFY(dialog.isVisible());
    QCOMPARE(child<QLineEdit>(dialog, "secretLineEdit")->text().toLatin1(), m_secret); // still there to copy
    // The user decides to keep it elsewhere: untick the keychain option and close.
    child<QCheckBox>(dialog, "keepInKeychainCheckBox")->setChecked(false);
    QVERIFY(dialog.closeButton()->isEnabled());
    QTest::mouseClick(dialog.closeButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QVERIFY(!dialog.storedInKeychain());
}

void TestSecretDialog::closingWithoutKeychainStoresNothing()
{
    SecretDialog dialog(QStringLiteral("kd_NOSTORE"), SecretBytes(m_secret), QStringLiteral("t/none"),
                        nullptr, m_clipboard);
    dialog.show();
    auto* keep = child<QCheckBox>(dialog, "keepInKeychainCheckBox");
    QVERIFY(!keep->isEnabled() && !keep->isChecked());
    QVERIFY(keep->text().contains(QStringLiteral("no keychain")));
    child<QCheckBox>(dialog, "storedCheckBox")->setChecked(true);
    QTest::mouseClick(dialog.closeButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
}

void TestSecretDialog::namesTheKeyAndSaysWhatWasCopied()
{
    SecretDialog dialog(QStringLiteral("kd_Z"), SecretBytes(m_secret), QStringLiteral("t/10"), &m_keychain,
                        m_clipboard);
    dialog.nameKey(QStringLiteral("Billing export v2"), QStringLiteral("Billing export"));
    dialog.show();
    auto* name = child<QLabel>(dialog, "keyNameLabel");
    QVERIFY(name->isVisible());
    QVERIFY2(name->text().contains(QStringLiteral("\u201CBilling export v2\u201D")) &&
                 name->text().contains(QStringLiteral("replaces \u201CBilling export\u201D")),
             qPrintable(name->text()));
    QVERIFY(dialog.windowTitle().contains(QStringLiteral("Billing export v2")));

    // The dialog that copied says so, and for the secret how long the clipboard keeps it.
    auto* feedback = child<QLabel>(dialog, "copyFeedbackLabel");
    QVERIFY(feedback->text().isEmpty());
    QTest::mouseClick(child<QPushButton>(dialog, "copyKeyIdButton"), Qt::LeftButton);
    QCOMPARE(feedback->text(), QStringLiteral("Key ID copied."));
    QTest::mouseClick(child<QPushButton>(dialog, "copySecretButton"), Qt::LeftButton);
    QVERIFY2(feedback->text().startsWith(QStringLiteral("Secret copied. The clipboard clears in")),
             qPrintable(feedback->text()));
    m_clipboard.clearIfOurs();
    QCOMPARE(feedback->text(), QStringLiteral("The clipboard was cleared."));
}

void TestSecretDialog::returnClosesOnceConfirmedAndFocusStartsOnTheSecret()
{
    SecretDialog dialog(QStringLiteral("kd_R"), SecretBytes(m_secret), QStringLiteral("t/7"), &m_keychain,
                        m_clipboard);
    dialog.showProject(QStringLiteral("prj_1"), QStringLiteral("Default"));
    child<QCheckBox>(dialog, "keepInKeychainCheckBox")->setChecked(false);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    // The first thing to do is copy the secret: focus starts there (it was in the Project ID field).
    QCOMPARE(QApplication::focusWidget(), child<QPushButton>(dialog, "copySecretButton"));
    QTest::mouseClick(child<QCheckBox>(dialog, "storedCheckBox"), Qt::LeftButton, {}, QPoint(5, 5));
    // Return now closes; it pressed the Project ID's Copy.
    QVERIFY(dialog.closeButton()->isDefault());
    QGuiApplication::clipboard()->clear();
    QTest::keyClick(child<QCheckBox>(dialog, "storedCheckBox"), Qt::Key_Return);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(QGuiApplication::clipboard()->text() != QStringLiteral("prj_1"));
}

QTEST_MAIN(TestSecretDialog)
#include "tst_secretdialog.moc"

#include "ExpectedHelpers.h"
#include "ManualMonotonicClock.h"
#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/StatusColors.h"
#include "gui/TokenGeneratorDialog.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// The token generator offscreen: real keydesk-server, real keychain, a hand-moved monotonic clock.
class TestTokenGenerator : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void generatesShowsDecodesAndTests();
    void autoRenewFiresOnce();
    void failedRenewalIsShownNotRetried();
    void refusedTokenPointsAtTheKey();
    void missingSecretIsAClearError();
    void copiesFollowTheClipboardRules();

private:
    template <typename T> T* child(const char* name) { return m_dialog->findChild<T*>(QLatin1String(name)); }
    bool generateNow();

    ServiceFixture* m_fixture = nullptr;
    QTemporaryDir* m_dir = nullptr;
    InventoryStore* m_store = nullptr;
    QNetworkAccessManager m_network;
    KeychainSecretStore m_keychain{QStringLiteral("keydesk")};
    Clipboard m_clipboard;
    ManualMonotonicClock* m_clock = nullptr;
    TokenClient* m_tokens = nullptr;
    TestCall* m_tests = nullptr;
    TokenGeneratorDialog* m_dialog = nullptr;
    TokenSource m_source;
    std::string m_keyPath; // the key at the service, to switch it off
};

void TestTokenGenerator::init()
{
    ServiceConfig config;
    config.tokenTtlSeconds = 3600;
    m_fixture = new ServiceFixture(QStringLiteral("sqlite"), config);
    QVERIFY(m_fixture->start());
    const std::string project = m_fixture->createProject();
    const QJsonObject key = m_fixture->createKey(project, QStringLiteral("Support key"));
    m_keyPath =
        "/v1/projects/" + project + "/keys/" + key.value(QLatin1String("id")).toString().toStdString();
    m_dir = new QTemporaryDir;
    m_store = new InventoryStore;
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
    Connection local;
    local.name = QStringLiteral("Local");
    Credential c;
    c.connectionId = m_store->addConnection(local).value();
    c.connectionUid = m_store->connection(c.connectionId).value().uid;
    c.name = QStringLiteral("Support key");
    c.keyId = key.value(QLatin1String("key_id")).toString();
    c.id = m_store->saveCredential(c).value();
    std::optional<Expected<void>> stored;
    m_keychain.writeSecret(c.keychainAccount(), {},
                           SecretBytes::fromUtf8(key.value(QLatin1String("secret")).toString()),
                           [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 10000);
    KD_VERIFY_OK(*stored);
    m_source.credential = c;
    m_source.label = c.name;
    m_source.provider.tokenUrl = m_fixture->server().baseUrl().resolved(QUrl(QStringLiteral("/oauth/token")));
    m_source.provider.testUrl = m_fixture->server().baseUrl().resolved(QUrl(QStringLiteral("/health")));
    m_source.provider.expectedStatus = 204;
    m_clock = new ManualMonotonicClock;
    m_tokens = new TokenClient(&m_network);
    m_tests = new TestCall(&m_network);
    m_dialog =
        new TokenGeneratorDialog({m_source}, *m_tokens, *m_tests, m_keychain, m_clipboard, m_store, *m_clock);
    m_dialog->show();
}

void TestTokenGenerator::cleanup()
{
    delete m_dialog;
    delete m_tests;
    delete m_tokens;
    delete m_clock;
    delete m_store;
    delete m_dir;
    delete m_fixture;
}

bool TestTokenGenerator::generateNow()
{
    QSignalSpy received(m_dialog, &TokenGeneratorDialog::tokenReceived);
    QTest::mouseClick(child<QPushButton>("generateButton"), Qt::LeftButton);
    return received.wait(10000);
}

void TestTokenGenerator::generatesShowsDecodesAndTests()
{
    QVERIFY(generateNow());
    auto* token = child<QLineEdit>("tokenLineEdit");
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QVERIFY(token->text().startsWith(QStringLiteral("eyJ")));
    QCOMPARE(child<QLabel>("countdownLabel")->text(), QStringLiteral("1:00:00"));
    const QString claims = child<QPlainTextEdit>("claimsPlainTextEdit")->toPlainText();
    QVERIFY2(claims.contains(QStringLiteral("sub: ") + m_source.credential.keyId), qPrintable(claims));
    QVERIFY(claims.contains(QStringLiteral("\"alg\":\"HS256\"")));
    QVERIFY(claims.contains(QStringLiteral("exp: ")));
    QSignalSpy tested(m_dialog, &TokenGeneratorDialog::tested);
    QTest::mouseClick(child<QPushButton>("testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(10000));
    QVERIFY(tested.first().first().toBool());
    QVERIFY(child<QLabel>("testResultLabel")->text().contains(QStringLiteral("204")));
    auto all = m_store->credentials();
    QVERIFY(all.value().first().lastTestedAt.isValid());
    QVERIFY(all.value().first().lastTestResult.startsWith(QStringLiteral("204")));
    // Time passes on the monotonic clock: 4:59 left is shown in the warning colour, then "expired".
    m_clock->advanceMs((3600 - 299) * 1000LL);
    m_dialog->tick();
    QCOMPARE(child<QLabel>("countdownLabel")->text(), QStringLiteral("04:59"));
    QVERIFY(child<QLabel>("countdownLabel")
                ->styleSheet()
                .contains(StatusColors::forWindow(StatusColors::Tone::Warning, m_dialog->palette()).name()));
    m_clock->advanceMs(300 * 1000LL);
    m_dialog->tick();
    QCOMPARE(child<QLabel>("countdownLabel")->text(), QStringLiteral("expired"));
}

void TestTokenGenerator::refusedTokenPointsAtTheKey()
{
    QVERIFY(generateNow());
    // The key is switched off at the service after its token was issued.
    QCOMPARE(m_fixture->client()
                 .Patch(m_keyPath.c_str(), m_fixture->admin(), R"({"status":"inactive"})", "application/json")
                 ->status,
             200);
    QSignalSpy tested(m_dialog, &TokenGeneratorDialog::tested);
    QTest::mouseClick(child<QPushButton>("testButton"), Qt::LeftButton);
    QVERIFY(tested.wait(10000));
    QVERIFY(!tested.first().first().toBool());
    const QString said = child<QLabel>("testResultLabel")->text();
    QVERIFY2(said.contains(QStringLiteral("401")) && said.contains(QStringLiteral("deactivated, deleted")),
             qPrintable(said));
    QVERIFY2(!said.contains(QStringLiteral("copied")), qPrintable(said));
}

void TestTokenGenerator::autoRenewFiresOnce()
{
    QVERIFY(generateNow());
    const QString first = child<QLineEdit>("tokenLineEdit")->text();
    child<QCheckBox>("autoRenewCheckBox")->setChecked(true);
    QSignalSpy received(m_dialog, &TokenGeneratorDialog::tokenReceived);
    m_clock->advanceMs(3000 * 1000LL); // 10 minutes left: not yet
    m_dialog->tick();
    QTest::qWait(300);
    QCOMPARE(received.count(), 0);
    m_clock->advanceMs(240 * 1000LL); // 6 minutes left = a tenth of the lifetime
    m_dialog->tick();
    QVERIFY(received.wait(10000));
    QCOMPARE(received.count(), 1);
    QVERIFY(received.first().first().toBool()); // a renewal
    QVERIFY(child<QLineEdit>("tokenLineEdit")->text() != first);
    QCOMPARE(child<QLabel>("countdownLabel")->text(), QStringLiteral("1:00:00"));
    for (int i = 0; i < 5; ++i)
        m_dialog->tick();
    QTest::qWait(300);
    QCOMPARE(received.count(), 1);
}

void TestTokenGenerator::failedRenewalIsShownNotRetried()
{
    QVERIFY(generateNow());
    child<QCheckBox>("autoRenewCheckBox")->setChecked(true);
    m_fixture->stop();
    QSignalSpy failed(m_dialog, &TokenGeneratorDialog::failed);
    m_clock->advanceMs(3500 * 1000LL);
    m_dialog->tick();
    QVERIFY(failed.wait(10000));
    QVERIFY(failed.first().first().toString().startsWith(QStringLiteral("Renewal failed")));
    QVERIFY(child<QLabel>("errorLabel")->isVisible());
    for (int i = 0; i < 5; ++i)
        m_dialog->tick();
    QTest::qWait(500);
    QCOMPARE(failed.count(), 1);
    QVERIFY(!child<QLineEdit>("tokenLineEdit")
                 ->text()
                 .isEmpty()); // the old token is still there until it expires
}

void TestTokenGenerator::missingSecretIsAClearError()
{
    TokenSource orphan = m_source;
    orphan.credential.keyId = QStringLiteral("kd_NOSECRETSTOREDFORTHIS");
    orphan.credential.id = m_source.credential.id + 1000;
    TokenGeneratorDialog dialog({orphan}, *m_tokens, *m_tests, m_keychain, m_clipboard, nullptr, *m_clock);
    QSignalSpy failed(&dialog, &TokenGeneratorDialog::failed);
    dialog.generate(); // sent anyway (the picker's mark may come first): the keychain's answer is plain too
    auto saidNotAvailable = [&] {
        for (const QList<QVariant>& message : failed)
            if (message.first().toString().contains(QStringLiteral("not available")))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(saidNotAvailable(), 10000);
    // Picking another credential clears the error: it was about the one before.
    TokenGeneratorDialog two({orphan, m_source}, *m_tokens, *m_tests, m_keychain, m_clipboard, nullptr,
                             *m_clock);
    QSignalSpy failedAgain(&two, &TokenGeneratorDialog::failed);
    two.generate();
    QVERIFY(failedAgain.wait(10000));
    auto* error = two.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QVERIFY(!error->text().isEmpty());
    auto* picker = two.findChild<QComboBox*>(QStringLiteral("credentialComboBox"));
    picker->setCurrentIndex(1);
    QVERIFY2(error->text().isEmpty(), qPrintable(error->text()));

    // The picker says which credential has no secret here, and that one cannot be sent.
    auto* generate = two.findChild<QPushButton*>(QStringLiteral("generateButton"));
    QTRY_VERIFY_WITH_TIMEOUT(picker->itemText(0).contains(QStringLiteral("secret not on this computer")),
                             10000);
    QTest::qWait(300); // the other credential's answer (Present) has come by now
    QVERIFY2(!picker->itemText(1).contains(QStringLiteral("secret not")), qPrintable(picker->itemText(1)));
    QVERIFY(generate->isEnabled());
    picker->setCurrentIndex(0);
    QVERIFY(!generate->isEnabled());
    QVERIFY2(error->text().contains(QStringLiteral("another computer")), qPrintable(error->text()));
    picker->setCurrentIndex(1);
    QVERIFY(generate->isEnabled());
    QVERIFY(error->text().isEmpty());
}

void TestTokenGenerator::copiesFollowTheClipboardRules()
{
    QVERIFY(generateNow());
    const QString token = child<QLineEdit>("tokenLineEdit")->text();
    QTest::mouseClick(child<QPushButton>("copyHeaderButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("Authorization: Bearer ") + token);
    QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
             QByteArrayLiteral("secret"));
    QTest::mouseClick(child<QPushButton>("copyCurlButton"), Qt::LeftButton);
    const QString curl = QGuiApplication::clipboard()->text();
    QVERIFY(curl.startsWith(QStringLiteral("curl -i -H 'Authorization: Bearer ") + token));
    QVERIFY(curl.contains(m_source.provider.testUrl.toString()));
    QTest::mouseClick(child<QPushButton>("copyTokenButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), token);
    QVERIFY(m_clipboard.secondsLeft() > 0);
    // Said in this dialog, not only in the main window's status bar behind it.
    QVERIFY2(child<QLabel>("copyFeedbackLabel")->text().startsWith(QStringLiteral("Token copied.")),
             qPrintable(child<QLabel>("copyFeedbackLabel")->text()));
    m_clipboard.clearIfOurs();
    // Before the first token the empty box says what will appear there.
    QVERIFY(!child<QLineEdit>("tokenLineEdit")->placeholderText().isEmpty());
}

QTEST_MAIN(TestTokenGenerator)
#include "tst_tokengenerator.moc"

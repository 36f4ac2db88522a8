#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "TestConnections.h"
#include "net/TestCall.h"
#include "storage/InventoryStore.h"
#include "usecases/TestToken.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

// The token generator's Test (issue 29): one use case, as the key test is one. It sends the token just
// issued as a bearer token, explains a refusal in terms of that token (not "check that you copied all of
// it"), and records the result with the credential, as TestCredential does for a key.
class TestTestToken : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void aRefusalIsExplainedByTheTokensAge_data();
    void aRefusalIsExplainedByTheTokensAge();
    void theResultIsRecordedWithTheCredential();
    void withoutAnInventoryNothingIsRecorded();

private:
    TestResult test(TestToken& use, bool expired);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<InventoryStore> m_store;
    std::unique_ptr<FakeHttpServer> m_api;
    QNetworkAccessManager m_network;
    Credential m_credential;
    ProviderSettings m_provider;
    int m_status = 200;
};

void TestTestToken::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<InventoryStore>();
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
    m_status = 200;
    m_api = std::make_unique<FakeHttpServer>([this](const QByteArray&) {
        return FakeHttpServer::response(m_status, m_status == 401 ? R"({"error":"invalid_token"})" : "{}");
    });
    m_credential = Credential();
    m_credential.connectionId = addTestConnection(*m_store, QStringLiteral("Vendor"));
    m_credential.name = QStringLiteral("Billing");
    m_credential.keyId = QStringLiteral("client-1");
    m_credential.id = m_store->saveCredential(m_credential).value();
    m_provider.testUrl = m_api->url().resolved(QUrl(QStringLiteral("/v1/ping")));
    m_provider.expectedStatus = 200;
}

TestResult TestTestToken::test(TestToken& use, bool expired)
{
    std::optional<TestResult> answer;
    use.run(m_credential, m_provider, SecretBytes::fromUtf8(QStringLiteral("tok-123")), expired,
            [&](TestResult result) { answer = std::move(result); });
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
    }();
    return answer.value_or(TestResult());
}

void TestTestToken::aRefusalIsExplainedByTheTokensAge_data()
{
    QTest::addColumn<bool>("expired");
    QTest::addColumn<QString>("advice");
    QTest::newRow("still valid") << false << QStringLiteral("refused a token it issued itself");
    QTest::newRow("expired") << true << QStringLiteral("The token has expired: generate a new one.");
}

void TestTestToken::aRefusalIsExplainedByTheTokensAge()
{
    QFETCH(bool, expired);
    QFETCH(QString, advice);
    m_status = 401;
    TestCall call(&m_network);
    TestToken use(call, m_store.get());
    const TestResult result = test(use, expired);
    QVERIFY(!result.passed);
    QCOMPARE(result.status, 401);
    QVERIFY2(result.explanation.contains(advice), qPrintable(result.explanation));
    QVERIFY2(!result.explanation.contains(QStringLiteral("copied")), qPrintable(result.explanation));
    QCOMPARE(m_api->requests.size(), 1);
    QVERIFY(m_api->requests.first().contains("Authorization: Bearer tok-123"));
}

void TestTestToken::theResultIsRecordedWithTheCredential()
{
    TestCall call(&m_network);
    TestToken use(call, m_store.get());
    const TestResult result = test(use, false);
    QVERIFY(result.passed);
    const Credential recorded = m_store->credentialsByIds({m_credential.id}).value().value(0);
    QCOMPARE(recorded.lastTestResult, result.summary);
    QCOMPARE(recorded.lastTestedAt, result.testedAt);
}

void TestTestToken::withoutAnInventoryNothingIsRecorded()
{
    TestCall call(&m_network);
    TestToken use(call, nullptr);
    QVERIFY(test(use, false).passed);
    QVERIFY(m_store->credentialsByIds({m_credential.id}).value().value(0).lastTestResult.isEmpty());
}

QTEST_GUILESS_MAIN(TestTestToken)
#include "tst_testtoken.moc"

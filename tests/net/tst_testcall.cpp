#include "FakeHttpServer.h"
#include "ServiceFixture.h"
#include "net/TestCall.h"

#include <QNetworkAccessManager>
#include <QTest>

// Test calls against the real keydesk-server's /health and against peers giving each failure.
class TestTestCall : public QObject
{
    Q_OBJECT

private slots:
    void workingKeyPassesBothHeaderStyles();
    void failuresAreExplained_data();
    void failuresAreExplained();
    void unreachableAndTimeout();

private:
    TestResult run(const QUrl& url, ProviderSettings::HeaderStyle style, const QByteArray& credential,
                         int expected = 204, int timeoutMs = 10000)
    {
        TestCall call(&m_network);
        call.setTransferTimeoutMs(timeoutMs);
        std::optional<TestResult> result;
        call.run(url, style, SecretBytes(credential), expected, [&](TestResult r) { result = r; });
        (void)QTest::qWaitFor([&] { return result.has_value(); }, 20000);
        return result.value_or(TestResult{});
    }
    QNetworkAccessManager m_network;
};

void TestTestCall::workingKeyPassesBothHeaderStyles()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const QByteArray secret = f.createKey(f.createProject(), QStringLiteral("k"))
                                  .value(QLatin1String("secret"))
                                  .toString()
                                  .toLatin1();
    QUrl health = f.server().baseUrl();
    health.setPath(QStringLiteral("/health"));
    for (auto style : {ProviderSettings::HeaderStyle::XApiKey, ProviderSettings::HeaderStyle::Bearer}) {
        const TestResult r = run(health, style, secret);
        QVERIFY2(r.passed, qPrintable(r.summary + QLatin1Char(' ') + r.explanation));
        QCOMPARE(r.status, 204);
        QVERIFY(r.summary.startsWith(QStringLiteral("204")));
        QVERIFY(r.testedAt.isValid());
    }
    const TestResult bad =
        run(health, ProviderSettings::HeaderStyle::XApiKey, "kds_" + QByteArray(40, 'x'));
    QVERIFY(!bad.passed);
    QCOMPARE(bad.status, 401);
    QVERIFY(bad.explanation.contains(QStringLiteral("invalid or has expired")));
    QVERIFY(bad.explanation.contains(QStringLiteral("not valid"))); // the service's own words, quoted
}

void TestTestCall::failuresAreExplained_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("403") << FakeHttpServer::response(403, "{}") << QStringLiteral("no access");
    QTest::newRow("404") << FakeHttpServer::response(404, "{}") << QStringLiteral("test URL");
    QTest::newRow("429") << FakeHttpServer::response(429, "{}", "Retry-After: 12\r\n")
                         << QStringLiteral("12 s");
    QTest::newRow("503") << FakeHttpServer::response(503, "<html/>", {}, "text/html")
                         << QStringLiteral("server error");
    QTest::newRow("200 where 204 expected")
        << FakeHttpServer::response(200, "{}") << QStringLiteral("unexpected");
}

void TestTestCall::failuresAreExplained()
{
    QFETCH(QByteArray, reply);
    QFETCH(QString, mentions);
    FakeHttpServer peer([reply](const QByteArray&) { return reply; });
    const TestResult r = run(peer.url(), ProviderSettings::HeaderStyle::Bearer, "token");
    QVERIFY(!r.passed);
    QVERIFY2(r.explanation.contains(mentions), qPrintable(r.explanation));
    QVERIFY(r.summary.contains(QStringLiteral("expected 204")));
    QVERIFY(peer.requests.first().contains("Authorization: Bearer token"));
}

void TestTestCall::unreachableAndTimeout()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    const TestResult refused = run(QUrl(QStringLiteral("http://127.0.0.1:%1/health").arg(port)),
                                         ProviderSettings::HeaderStyle::XApiKey, "k");
    QCOMPARE(refused.status, 0);
    QVERIFY(refused.explanation.contains(QStringLiteral("connection refused")));
    FakeHttpServer silent([](const QByteArray&) { return QByteArray(); });
    const TestResult slow = run(silent.url(), ProviderSettings::HeaderStyle::XApiKey, "k", 204, 300);
    QCOMPARE(slow.summary, QStringLiteral("No answer (timeout)"));
}

QTEST_GUILESS_MAIN(TestTestCall)
#include "tst_testcall.moc"

#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ServiceFixture.h"
#include "net/ServiceClient.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QTest>

#define KD_AWAIT(var, Type, call)                                                                            \
    std::optional<Expected<Type>> var;                                                                       \
    call([&var](Expected<Type> r) { var.emplace(std::move(r)); });                                           \
    QTRY_VERIFY_WITH_TIMEOUT(var.has_value(), 20000)

// The app's client against a real keydesk-server, and against peers that misbehave.
class TestServiceClient : public QObject
{
    Q_OBJECT

private slots:
    void fullKeyLifecycle();
    void serviceErrorsKeepTheirMeaning();
    void connectionRefused();
    void timeout();
    void malformedReplies_data();
    void malformedReplies();
    void oversizedReplyIsCapped();
    void redirectToAnotherOriginIsNotFollowed();
    void rateLimitedSaysWhenToRetry();
    void untrustedCertificateIsATlsError();

private:
    QNetworkAccessManager m_network;
};

void TestServiceClient::fullKeyLifecycle()
{
    ServiceFixture f;
    QVERIFY(f.start());
    ServiceClient client(&m_network, f.server().baseUrl(),
                         SecretBytes(QByteArray::fromStdString(f.adminToken)));
    KD_AWAIT(live, void, client.checkLive);
    KD_VERIFY_OK(*live);
    KD_AWAIT(project, Project, [&](auto done) { client.createProject(QStringLiteral("Default"), done); });
    KD_VERIFY_OK(*project);
    const QString pid = project->value().id;
    KD_AWAIT(created, ServiceClient::CreatedKey, [&](auto done) {
        client.createKey(pid, QStringLiteral("Deploy"), QStringLiteral("ci"), 90, done);
    });
    KD_VERIFY_OK(*created);
    const Credential key = created->value().key;
    QVERIFY(created->value().secret.toUtf8String().startsWith(QLatin1String("kds_")));
    QCOMPARE(key.last4, created->value().secret.toUtf8String().right(4));
    QCOMPARE(key.createdAt.daysTo(key.expiresAt), 90);
    KD_AWAIT(list, ServiceClient::KeyList, [&](auto done) { client.listKeys(pid, done); });
    KD_VERIFY_OK(*list);
    QCOMPARE(list->value().keys.size(), 1);
    QCOMPARE(list->value().limit, 10);
    KD_AWAIT(off, Credential,
             [&](auto done) { client.setKeyStatus(pid, key.remoteId, KeyStatus::Inactive, done); });
    KD_VERIFY_OK(*off);
    QCOMPARE(off->value().storedStatus, KeyStatus::Inactive);
    KD_AWAIT(removed, void, [&](auto done) { client.deleteKey(pid, key.remoteId, done); });
    KD_VERIFY_OK(*removed);
    KD_AWAIT(projects, QList<Project>, client.listProjects);
    QCOMPARE(projects->value().size(), 1);
}

void TestServiceClient::serviceErrorsKeepTheirMeaning()
{
    ServiceConfig config;
    config.maxKeysPerProject = 1;
    ServiceFixture f(QStringLiteral("sqlite"), config);
    QVERIFY(f.start());
    ServiceClient client(&m_network, f.server().baseUrl(),
                         SecretBytes(QByteArray::fromStdString(f.adminToken)));
    const QString pid = QString::fromStdString(f.createProject());
    KD_AWAIT(bad, ServiceClient::CreatedKey,
             [&](auto done) { client.createKey(pid, QStringLiteral("1bad"), {}, 7, done); });
    QCOMPARE(bad->error().kind(), Error::Kind::InvalidInput);
    QVERIFY(bad->error().message().contains(QStringLiteral("letter")));
    KD_AWAIT(first, ServiceClient::CreatedKey,
             [&](auto done) { client.createKey(pid, QStringLiteral("one"), {}, 7, done); });
    KD_VERIFY_OK(*first);
    KD_AWAIT(full, ServiceClient::CreatedKey,
             [&](auto done) { client.createKey(pid, QStringLiteral("two"), {}, 7, done); });
    QCOMPARE(full->error().kind(), Error::Kind::LimitReached);
    KD_AWAIT(missing, void, [&](auto done) { client.deleteKey(pid, QStringLiteral("nope"), done); });
    QCOMPARE(missing->error().kind(), Error::Kind::NotFound);
    ServiceClient wrongToken(&m_network, f.server().baseUrl(), SecretBytes(QByteArrayLiteral("kda_wrong")));
    KD_AWAIT(denied, QList<Project>, wrongToken.listProjects);
    QCOMPARE(denied->error().kind(), Error::Kind::Unauthorized);
}

void TestServiceClient::connectionRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    ServiceClient client(&m_network, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), SecretBytes());
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QCOMPARE(result->error().kind(), Error::Kind::Network);
    QVERIFY(result->error().message().contains(QStringLiteral("connection refused")));
}

void TestServiceClient::timeout()
{
    FakeHttpServer silent([](const QByteArray&) { return QByteArray(); });
    ServiceClient client(&m_network, silent.url(), SecretBytes());
    client.setTransferTimeoutMs(300);
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QCOMPARE(result->error().kind(), Error::Kind::Timeout);
}

void TestServiceClient::malformedReplies_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("kind");
    QTest::newRow("html 200") << FakeHttpServer::response(200, "<html>login</html>", {}, "text/html")
                              << int(Error::Kind::Protocol);
    QTest::newRow("array") << FakeHttpServer::response(200, "[]") << int(Error::Kind::Protocol);
    QTest::newRow("projects not array")
        << FakeHttpServer::response(200, "{\"projects\": 5}") << int(Error::Kind::Protocol);
    QTest::newRow("project without id")
        << FakeHttpServer::response(200, "{\"projects\": [{\"name\": \"x\"}]}") << int(Error::Kind::Protocol);
    QTest::newRow("html 502") << FakeHttpServer::response(502, "<h1>Bad gateway</h1>", {}, "text/html")
                              << int(Error::Kind::Server);
    QTest::newRow("500 json") << FakeHttpServer::response(500, "{\"error\":\"boom\"}")
                              << int(Error::Kind::Server);
}

void TestServiceClient::malformedReplies()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, kind);
    FakeHttpServer peer([reply](const QByteArray&) { return reply; });
    ServiceClient client(&m_network, peer.url(), SecretBytes());
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QVERIFY(!result->ok());
    QCOMPARE(int(result->error().kind()), kind);
    QVERIFY(!result->error().message().isEmpty());
}

void TestServiceClient::oversizedReplyIsCapped()
{
    const QByteArray huge = "{\"projects\": [\"" + QByteArray(10 * 1024 * 1024, 'a') + "\"]}";
    FakeHttpServer peer([huge](const QByteArray&) { return FakeHttpServer::response(200, huge); });
    ServiceClient client(&m_network, peer.url(), SecretBytes());
    client.setMaxReplyBytes(1024 * 1024);
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QCOMPARE(result->error().kind(), Error::Kind::Protocol);
    QVERIFY(result->error().message().contains(QStringLiteral("larger")));
}

void TestServiceClient::redirectToAnotherOriginIsNotFollowed()
{
    FakeHttpServer elsewhere(
        [](const QByteArray&) { return FakeHttpServer::response(200, "{\"projects\": []}"); });
    const QByteArray location = elsewhere.url().toString().toLatin1() + "/v1/projects";
    FakeHttpServer redirecting([location](const QByteArray&) {
        return FakeHttpServer::response(302, {}, "Location: " + location + "\r\n");
    });
    ServiceClient client(&m_network, redirecting.url(),
                         SecretBytes(QByteArrayLiteral("kda_topsecretadmintoken")));
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QVERIFY(!result->ok());
    QCOMPARE(result->error().kind(), Error::Kind::Network);
    QVERIFY(result->error().message().contains(QStringLiteral("redirect")));
    QVERIFY(redirecting.requests.first().contains("Authorization: Bearer kda_topsecretadmintoken"));
    QVERIFY(elsewhere.requests.isEmpty()); // the other origin never saw the request, let alone the token
}

void TestServiceClient::rateLimitedSaysWhenToRetry()
{
    FakeHttpServer limited([](const QByteArray&) {
        return FakeHttpServer::response(429, "{\"error\":\"rate_limited\",\"message\":\"slow down\"}",
                                        "Retry-After: 7\r\n");
    });
    ServiceClient client(&m_network, limited.url(), SecretBytes());
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QCOMPARE(result->error().kind(), Error::Kind::RateLimited);
    QVERIFY(result->error().message().contains(QStringLiteral("7 seconds")));
}

void TestServiceClient::untrustedCertificateIsATlsError()
{
    QTemporaryDir dir;
    QProcess openssl;
    openssl.start(
        QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
         QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
         QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"), dir.filePath(QStringLiteral("k.pem")),
         QStringLiteral("-out"), dir.filePath(QStringLiteral("c.pem"))});
    QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
    HttpServerConfig http;
    http.tlsCertificate = dir.filePath(QStringLiteral("c.pem"));
    http.tlsPrivateKey = dir.filePath(QStringLiteral("k.pem"));
    ServiceFixture f(QStringLiteral("sqlite"), {}, Clock::system(), http);
    QVERIFY(f.start());
    QCOMPARE(f.server().baseUrl().scheme(), QStringLiteral("https"));
    // A self-signed certificate nobody trusts: KeyDesk refuses, it never ignores certificate errors.
    ServiceClient client(&m_network, f.server().baseUrl(),
                         SecretBytes(QByteArray::fromStdString(f.adminToken)));
    KD_AWAIT(result, QList<Project>, client.listProjects);
    QVERIFY(!result->ok());
    QVERIFY2(result->error().kind() == Error::Kind::Tls, qPrintable(result->error().toString()));
    QVERIFY(result->error().message().contains(QStringLiteral("certificate")));
}

QTEST_GUILESS_MAIN(TestServiceClient)
#include "tst_serviceclient.moc"

#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "net/ProviderDiscovery.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>

// Discovery against real loopback servers: RFC 8414 first, then OpenID Connect; the issuer must be the one
// asked for; the token endpoint must pass the URL policy; a supported method is picked (or the asked one
// checked); hostile documents (huge, lying, malformed, slow, redirecting elsewhere) are refused in bounded
// time and memory.
class TestDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void documentUrlsFollowTheRfcs_data();
    void documentUrlsFollowTheRfcs();
    void rfc8414DocumentGivesTokenEndpointAndMethod();
    void openIdConfigurationIsTheFallback();
    void methodIsPickedFromWhatTheServerLists_data();
    void methodIsPickedFromWhatTheServerLists();
    void hostileDocumentsAreRefused_data();
    void hostileDocumentsAreRefused();
    void hugeDocumentIsNotRead();
    void silentServerTimesOut();
    void issuerUrlIsChecked_data();
    void issuerUrlIsChecked();

private:
    Expected<ProviderDiscovery::Result>
    discover(const QString& issuer, std::optional<ProviderSettings::ClientAuth> wanted = std::nullopt,
             int deadlineMs = 10000)
    {
        ProviderDiscovery discovery(&m_network);
        discovery.setDeadlineMs(deadlineMs);
        return awaitResult<ProviderDiscovery::Result>(
            [&](auto done) { discovery.discover(issuer, wanted, done); }, 20000);
    }
    static QByteArray document(const QJsonObject& o)
    {
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    static QByteArray pathOf(const QByteArray& request) { return request.split(' ').value(1); }

    QNetworkAccessManager m_network;
};

void TestDiscovery::documentUrlsFollowTheRfcs_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("rfc8414");
    QTest::addColumn<QString>("openId");
    QTest::newRow("host only") << "https://auth.example.com"
                               << "https://auth.example.com/.well-known/oauth-authorization-server"
                               << "https://auth.example.com/.well-known/openid-configuration";
    QTest::newRow("trailing slash") << "https://auth.example.com/"
                                    << "https://auth.example.com/.well-known/oauth-authorization-server"
                                    << "https://auth.example.com/.well-known/openid-configuration";
    // RFC 8414 §3.1 inserts the well-known part before the path; OpenID Connect appends it.
    QTest::newRow("with a path") << "https://auth.example.com/tenant1"
                                 << "https://auth.example.com/.well-known/oauth-authorization-server/tenant1"
                                 << "https://auth.example.com/tenant1/.well-known/openid-configuration";
}

void TestDiscovery::documentUrlsFollowTheRfcs()
{
    QFETCH(QString, issuer);
    QFETCH(QString, rfc8414);
    QFETCH(QString, openId);
    const QList<QUrl> urls = ProviderDiscovery::documentUrls(QUrl(issuer));
    QCOMPARE(urls.size(), 2);
    QCOMPARE(urls.at(0).toString(), rfc8414);
    QCOMPARE(urls.at(1).toString(), openId);
}

void TestDiscovery::rfc8414DocumentGivesTokenEndpointAndMethod()
{
    QUrl issuer;
    FakeHttpServer server([&](const QByteArray& request) {
        if (pathOf(request) != "/.well-known/oauth-authorization-server/tenant1")
            return FakeHttpServer::response(404, "{}");
        return FakeHttpServer::response(
            200,
            document({{QStringLiteral("issuer"), issuer.toString()},
                      {QStringLiteral("token_endpoint"),
                       QString(issuer.toString() + QStringLiteral("/oauth/token"))},
                      {QStringLiteral("token_endpoint_auth_methods_supported"),
                       QJsonArray{QStringLiteral("private_key_jwt"), QStringLiteral("client_secret_post"),
                                  QStringLiteral("client_secret_basic")}},
                      {QStringLiteral("scopes_supported"),
                       QJsonArray{QStringLiteral("read"), QStringLiteral("write"),
                                  QStringLiteral("bad\"scope"), QStringLiteral("has space")}}}));
    });
    issuer = QUrl(server.url().toString() + QStringLiteral("/tenant1"));
    auto found = discover(issuer.toString());
    KD_VERIFY_OK(found);
    QCOMPARE(found.value().tokenEndpoint.toString(), issuer.toString() + QStringLiteral("/oauth/token"));
    QCOMPARE(found.value().clientAuth, ProviderSettings::ClientAuth::HttpBasic);
    QVERIFY2(found.value().reason.contains(QStringLiteral("client_secret_basic")),
             qPrintable(found.value().reason));
    QCOMPARE(found.value().scopes, (QStringList{QStringLiteral("read"), QStringLiteral("write")}));
    QCOMPARE(server.requests.size(), 1); // RFC 8414 answered: OpenID Connect is not asked
}

void TestDiscovery::openIdConfigurationIsTheFallback()
{
    QString issuer;
    FakeHttpServer server([&](const QByteArray& request) {
        if (pathOf(request) != "/.well-known/openid-configuration")
            return FakeHttpServer::response(404, "not here", {}, "text/plain");
        // No token_endpoint_auth_methods_supported: RFC 8414 §2's default, client_secret_basic.
        return FakeHttpServer::response(
            200, document({{QStringLiteral("issuer"), issuer},
                           {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/token"))}}));
    });
    issuer = server.url().toString();
    auto found = discover(issuer + QStringLiteral("/")); // "/" and "" are the same path
    KD_VERIFY_OK(found);
    QCOMPARE(found.value().documentUrl.path(), QStringLiteral("/.well-known/openid-configuration"));
    QCOMPARE(found.value().authMethods, QStringList{QStringLiteral("client_secret_basic")});
    QCOMPARE(server.requests.size(), 2);
}

void TestDiscovery::methodIsPickedFromWhatTheServerLists_data()
{
    using A = ProviderSettings::ClientAuth;
    QTest::addColumn<QStringList>("listed");
    QTest::addColumn<int>("wanted"); // -1: KeyDesk picks
    QTest::addColumn<int>("picked"); // -1: refused
    QTest::newRow("post only") << QStringList{QStringLiteral("client_secret_post")} << -1 << int(A::FormPost);
    QTest::newRow("both: basic preferred")
        << QStringList{QStringLiteral("client_secret_post"), QStringLiteral("client_secret_basic")} << -1
        << int(A::HttpBasic);
    QTest::newRow("asked post, listed")
        << QStringList{QStringLiteral("client_secret_post"), QStringLiteral("client_secret_basic")}
        << int(A::FormPost) << int(A::FormPost);
    QTest::newRow("asked basic-raw, basic listed")
        << QStringList{QStringLiteral("client_secret_basic")} << int(A::HttpBasicRaw) << int(A::HttpBasicRaw);
    QTest::newRow("asked post, not listed")
        << QStringList{QStringLiteral("client_secret_basic")} << int(A::FormPost) << -1;
    QTest::newRow("only key-based methods")
        << QStringList{QStringLiteral("private_key_jwt"), QStringLiteral("tls_client_auth")} << -1 << -1;
    QTest::newRow("empty list") << QStringList{} << -1 << -1;
}

void TestDiscovery::methodIsPickedFromWhatTheServerLists()
{
    QFETCH(QStringList, listed);
    QFETCH(int, wanted);
    QFETCH(int, picked);
    const QUrl issuer(QStringLiteral("https://auth.example.com"));
    const QByteArray doc = document(
        {{QStringLiteral("issuer"), issuer.toString()},
         {QStringLiteral("token_endpoint"), QStringLiteral("https://auth.example.com/token")},
         {QStringLiteral("token_endpoint_auth_methods_supported"), QJsonArray::fromStringList(listed)}});
    auto found = ProviderDiscovery::parse(
        doc, issuer, wanted < 0 ? std::nullopt : std::optional(ProviderSettings::ClientAuth(wanted)));
    if (picked < 0) {
        QVERIFY(!found.ok());
        QVERIFY2(found.error().message().contains(listed.isEmpty() ? QStringLiteral("none") : listed.first()),
                 qPrintable(found.error().message()));
        return;
    }
    KD_VERIFY_OK(found);
    QCOMPARE(int(found.value().clientAuth), picked);
}

void TestDiscovery::hostileDocumentsAreRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("said");
    const QString self = QStringLiteral("ISSUER");
    QTest::newRow("another issuer (mix-up)")
        << document({{QStringLiteral("issuer"), QStringLiteral("https://evil.example")},
                     {QStringLiteral("token_endpoint"), QStringLiteral("https://evil.example/token")}})
        << "mix-up";
    QTest::newRow("issuer with another path")
        << document({{QStringLiteral("issuer"), QString(self + QStringLiteral("/other"))},
                     {QStringLiteral("token_endpoint"), QStringLiteral("https://auth.example.com/token")}})
        << "mix-up";
    QTest::newRow("no issuer") << document({{QStringLiteral("token_endpoint"),
                                             QStringLiteral("https://a.example/t")}})
                               << "mix-up";
    QTest::newRow("plain http token endpoint elsewhere")
        << document({{QStringLiteral("issuer"), self},
                     {QStringLiteral("token_endpoint"), QStringLiteral("http://evil.example/token")}})
        << "https";
    QTest::newRow("token endpoint with a password")
        << document(
               {{QStringLiteral("issuer"), self},
                {QStringLiteral("token_endpoint"), QStringLiteral("https://u:p@auth.example.com/token")}})
        << "password";
    QTest::newRow("no token endpoint") << document({{QStringLiteral("issuer"), self}}) << "token_endpoint";
    QTest::newRow("token endpoint not a string")
        << document({{QStringLiteral("issuer"), self}, {QStringLiteral("token_endpoint"), 42}})
        << "token_endpoint";
    QTest::newRow("not JSON") << QByteArray("<html>login</html>") << "JSON";
    QTest::newRow("a JSON array") << QByteArray("[1,2]") << "JSON";
}

void TestDiscovery::hostileDocumentsAreRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, said);
    FakeHttpServer server([&](const QByteArray&) {
        return FakeHttpServer::response(200,
                                        QByteArray(body).replace("ISSUER", server.url().toString().toUtf8()));
    });
    auto found = discover(server.url().toString());
    QVERIFY(!found.ok());
    QVERIFY2(found.error().message().contains(said), qPrintable(found.error().message()));
}

void TestDiscovery::hugeDocumentIsNotRead()
{
    // 8 MB of whitespace before a valid document: refused at 64 KiB, long before it is all sent.
    FakeHttpServer server([&](const QByteArray&) {
        return FakeHttpServer::response(200, QByteArray(8 * 1024 * 1024, ' ') + "{}");
    });
    auto found = discover(server.url().toString());
    QVERIFY(!found.ok());
    QVERIFY2(found.error().message().contains(QStringLiteral("64 KB")), qPrintable(found.error().message()));
}

void TestDiscovery::silentServerTimesOut()
{
    FakeHttpServer silent([](const QByteArray&) { return QByteArray(); });
    QElapsedTimer timer;
    timer.start();
    auto found = discover(silent.url().toString(), std::nullopt, 500);
    QVERIFY(!found.ok());
    QCOMPARE(found.error().kind(), Error::Kind::Timeout);
    QVERIFY(timer.elapsed() < 5000);
}

void TestDiscovery::issuerUrlIsChecked_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("host only becomes https") << "auth.example.com" << true;
    QTest::newRow("https with a path") << "https://auth.example.com/tenant" << true;
    QTest::newRow("plain http elsewhere") << "http://auth.example.com" << false;
    QTest::newRow("plain http to this machine") << "http://127.0.0.1:8080" << true;
    QTest::newRow("a query") << "https://auth.example.com/?tenant=1" << false;
    QTest::newRow("a fragment") << "https://auth.example.com/#x" << false;
    QTest::newRow("user info") << "https://me:pw@auth.example.com" << false;
    QTest::newRow("empty") << "" << false;
}

void TestDiscovery::issuerUrlIsChecked()
{
    QFETCH(QString, typed);
    QFETCH(bool, accepted);
    QCOMPARE(ProviderDiscovery::issuerUrl(typed).ok(), accepted);
}

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"

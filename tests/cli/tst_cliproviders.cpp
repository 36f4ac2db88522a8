#include "CliRunner.h"
#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ServiceFixture.h"
#include "cli/CliExit.h"
#include "core/ShellQuote.h"
#include "storage/InventoryStore.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

// keydesk-cli as a user runs it: the real binary, a real keychain (tests/with-keyring.sh unlocked), a
// fresh data folder per test, and real services on 127.0.0.1.
// This part: vendors' connections, OAuth2 and API-key credentials imported, discovered, tested, edited
// and removed (tst_clirun: run, read and the terminal; tst_cli: keys and services).
class TestCliProviders : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void oauth2ProviderImportAndToken();
    void basicAsCurlWithAJsonBody();
    void connectionDiscoveredFromItsIssuer();
    void apiKeyProviderTest();
    void providerConnectionsAreEditedAndRemoved();

private:
    using Run = CliRun;
    Run cli(const QStringList& args, const QByteArray& stdinData = {}, bool withoutKeychain = false);
    Run importThenToken(const QString& connection, const QJsonObject& key);

    QTemporaryDir* m_data = nullptr;
};

void TestCliProviders::init()
{
    m_data = new QTemporaryDir;
}

void TestCliProviders::cleanup()
{
    delete m_data;
}

TestCliProviders::Run TestCliProviders::cli(const QStringList& args, const QByteArray& stdinData,
                                            bool withoutKeychain)
{
    return runCli(m_data->path(), args, stdinData, withoutKeychain);
}

// Imports a key of a KeyDesk service used as a vendor into `connection` (its secret on stdin), then asks for
// a token with it.
TestCliProviders::Run TestCliProviders::importThenToken(const QString& connection, const QJsonObject& key)
{
    const QString id = key.value(QLatin1String("key_id")).toString();
    const Run imported = cli({QStringLiteral("import"), QStringLiteral("--connection"), connection,
                              QStringLiteral("--client-id"), id},
                             key.value(QLatin1String("secret")).toString().toUtf8() + '\n');
    if (imported.code != 0)
        return imported;
    return cli({QStringLiteral("token"), QStringLiteral("--credential"), id, QStringLiteral("--format"),
                QStringLiteral("raw")});
}

void TestCliProviders::oauth2ProviderImportAndToken()
{
    ServiceFixture vendor;
    QVERIFY(vendor.start());
    const QJsonObject key = vendor.createKey(vendor.createProject(), QStringLiteral("ours"));
    const QString tokenUrl = vendor.server().baseUrl().toString() + QStringLiteral("/auth/token");
    Run added =
        cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
             QStringLiteral("oauth2"), QStringLiteral("--name"), QStringLiteral("Vendor"),
             QStringLiteral("--url"), tokenUrl, QStringLiteral("--auth"), QStringLiteral("json"),
             QStringLiteral("--header"), QStringLiteral("X-Api-Version: 2024-01-31"),
             QStringLiteral("--test-url"), vendor.server().baseUrl().toString() + QStringLiteral("/health")});
    QCOMPARE(added.code, 0);
    Run imported = cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Vendor"),
                        QStringLiteral("--client-id"), key.value(QLatin1String("key_id")).toString(),
                        QStringLiteral("--expires"), QStringLiteral("2027-06-30")},
                       key.value(QLatin1String("secret")).toString().toUtf8() + '\n');
    QCOMPARE(imported.code, 0);
    QVERIFY(!imported.out.contains(key.value(QLatin1String("secret")).toString()));
    Run header = cli({QStringLiteral("token"), QStringLiteral("--credential"),
                      key.value(QLatin1String("key_id")).toString(), QStringLiteral("--format"),
                      QStringLiteral("header")});
    QVERIFY2(header.code == 0, qPrintable(header.err));
    QVERIFY(header.out.startsWith(QStringLiteral("Authorization: Bearer eyJ")));
    Run tested = cli({QStringLiteral("test"), QStringLiteral("--credential"),
                      key.value(QLatin1String("key_id")).toString()});
    QVERIFY2(tested.code == 0, qPrintable(tested.out + tested.err));
    Run connections = cli({QStringLiteral("connections")});
    QVERIFY(connections.out.contains(QStringLiteral("Vendor\toauth2")));
    // Deactivating or rotating a vendor's credential is the vendor's business: a usage error saying so, not
    // "not connected to the service" with the network's exit code.
    for (const QString& action : {QStringLiteral("deactivate"), QStringLiteral("rotate")}) {
        const Run refused =
            cli({QStringLiteral("keys"), action, key.value(QLatin1String("key_id")).toString()});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("at its vendor")), qPrintable(refused.err));
    }
}

void TestCliProviders::basicAsCurlWithAJsonBody()
{
    ServiceFixture vendor;
    QVERIFY(vendor.start());
    const QJsonObject key = vendor.createKey(vendor.createProject(), QStringLiteral("ours"));
    const QString tokenUrl = vendor.server().baseUrl().toString() + QStringLiteral("/oauth/token");
    const QStringList add{QStringLiteral("connections"), QStringLiteral("add"),
                          QStringLiteral("--type"),      QStringLiteral("oauth2"),
                          QStringLiteral("--name"),      QStringLiteral("m3ter-like"),
                          QStringLiteral("--url"),       tokenUrl,
                          QStringLiteral("--auth"),      QStringLiteral("basic-raw")};
    const Run badBody = cli(add + QStringList{QStringLiteral("--body"), QStringLiteral("xml")});
    QCOMPARE(badBody.code, 1);
    QVERIFY2(badBody.err.contains(QStringLiteral("--body must be form or json")), qPrintable(badBody.err));
    // Options that contradict each other are refused with the reason, never quietly dropped.
    const QStringList post{QStringLiteral("connections"), QStringLiteral("add"),
                           QStringLiteral("--type"),      QStringLiteral("oauth2"),
                           QStringLiteral("--name"),      QStringLiteral("posted"),
                           QStringLiteral("--url"),       tokenUrl,
                           QStringLiteral("--auth"),      QStringLiteral("post"),
                           QStringLiteral("--body"),      QStringLiteral("json")};
    const Run postJson = cli(post);
    QCOMPARE(postJson.code, 1);
    QVERIFY2(postJson.err.contains(QStringLiteral("--body is for --auth basic")), qPrintable(postJson.err));
    const Run apiKeyUrl = cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                               QStringLiteral("apikey"), QStringLiteral("--name"), QStringLiteral("keyed"),
                               QStringLiteral("--url"), tokenUrl, QStringLiteral("--test-url"), tokenUrl});
    QCOMPARE(apiKeyUrl.code, 1);
    QVERIFY2(apiKeyUrl.err.contains(QStringLiteral("no token endpoint")), qPrintable(apiKeyUrl.err));
    QCOMPARE(cli(add + QStringList{QStringLiteral("--body"), QStringLiteral("json")}).code, 0);
    const Run both =
        cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("m3ter-like"),
             QStringLiteral("--client-id"), QStringLiteral("x"), QStringLiteral("--generate-key"),
             QStringLiteral("--private-key"), QStringLiteral("/dev/null")});
    QCOMPARE(both.code, 1);
    QVERIFY2(both.err.contains(QStringLiteral("not both")), qPrintable(both.err));
    const Run token = importThenToken(QStringLiteral("m3ter-like"), key);
    QVERIFY2(token.code == 0, qPrintable(token.err));
    QVERIFY(token.out.startsWith(QStringLiteral("eyJ")));
    // An unknown style names the ones there are.
    const Run unknown =
        cli({QStringLiteral("connections"), QStringLiteral("set"), QStringLiteral("m3ter-like"),
             QStringLiteral("--auth"), QStringLiteral("basic-curl")});
    QCOMPARE(unknown.code, 1);
    QVERIFY(unknown.err.contains(QStringLiteral("basic-raw")));
}

void TestCliProviders::connectionDiscoveredFromItsIssuer()
{
    ServiceFixture vendor;
    QVERIFY(vendor.start());
    const QJsonObject key = vendor.createKey(vendor.createProject(), QStringLiteral("ours"));
    const QString tokenUrl = vendor.server().baseUrl().toString() + QStringLiteral("/oauth/token");
    QString issuer;
    FakeHttpServer metadata([&](const QByteArray& request) {
        if (!request.startsWith("GET /.well-known/oauth-authorization-server"))
            return FakeHttpServer::response(404, "{}");
        return FakeHttpServer::response(
            200, QStringLiteral(R"({"issuer":"%1","token_endpoint":"%2",)"
                                R"("token_endpoint_auth_methods_supported":)"
                                R"(["client_secret_basic"],"scopes_supported":["read"]})")
                     .arg(issuer, tokenUrl)
                     .toUtf8());
    });
    issuer = metadata.url().toString();
    auto add = [this](const QString& name, const QString& from, const QStringList& more = {}) {
        return cli(QStringList{QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                               QStringLiteral("oauth2"), QStringLiteral("--name"), name,
                               QStringLiteral("--issuer"), from} +
                   more);
    };
    const Run added = add(QStringLiteral("Discovered"), issuer);
    QVERIFY2(added.code == 0, qPrintable(added.err));
    QVERIFY2(added.out.contains(QStringLiteral("Token endpoint: ") + tokenUrl), qPrintable(added.out));
    QVERIFY(added.out.contains(QStringLiteral("client_secret_basic")));
    QVERIFY(added.out.contains(QStringLiteral("Scopes offered: read")));
    const Run shown = cli({QStringLiteral("connections"), QStringLiteral("show"),
                           QStringLiteral("Discovered"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(shown.code, 0);
    const QJsonObject o = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    QCOMPARE(o.value(QLatin1String("issuer")).toString(), issuer);
    QCOMPARE(o.value(QLatin1String("token_url")).toString(), tokenUrl);
    QCOMPARE(o.value(QLatin1String("auth")).toString(), QStringLiteral("basic"));
    const Run text =
        cli({QStringLiteral("connections"), QStringLiteral("show"), QStringLiteral("Discovered")});
    QVERIFY2(text.out.contains(QStringLiteral("auth:\tbasic (HTTP Basic (RFC 6749))")), qPrintable(text.out));
    // The discovered endpoint gives tokens.
    const Run token = importThenToken(QStringLiteral("Discovered"), key);
    QVERIFY2(token.code == 0, qPrintable(token.err));

    // Refused: a method the server does not list; metadata speaking for another issuer; both --url and
    // --issuer.
    const Run post = add(QStringLiteral("Post"), issuer, {QStringLiteral("--auth"), QStringLiteral("post")});
    QVERIFY(post.code != 0);
    QVERIFY2(post.err.contains(QStringLiteral("client_secret_post")), qPrintable(post.err));
    const Run mixUp = add(QStringLiteral("Tenant"), issuer + QStringLiteral("/tenant"));
    QVERIFY(mixUp.code != 0);
    QVERIFY2(mixUp.err.contains(QStringLiteral("mix-up")), qPrintable(mixUp.err));
    const Run both = add(QStringLiteral("Both"), issuer, {QStringLiteral("--url"), tokenUrl});
    QCOMPARE(both.code, 1);
    const QString listed = cli({QStringLiteral("connections")}).out;
    QVERIFY(!listed.contains(QStringLiteral("Tenant")) && !listed.contains(QStringLiteral("Post")));
}

void TestCliProviders::apiKeyProviderTest()
{
    ServiceFixture vendor;
    QVERIFY(vendor.start());
    const QJsonObject key = vendor.createKey(vendor.createProject(), QStringLiteral("ours"));
    QCOMPARE(
        cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
             QStringLiteral("apikey"), QStringLiteral("--name"), QStringLiteral("Equip"),
             QStringLiteral("--test-url"), vendor.server().baseUrl().toString() + QStringLiteral("/health"),
             QStringLiteral("--test-header"), QStringLiteral("x-api-key"), QStringLiteral("--expect"),
             QStringLiteral("204")})
            .code,
        0);
    QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Equip"),
                  QStringLiteral("--client-id"), QStringLiteral("equip-key-1")},
                 key.value(QLatin1String("secret")).toString().toUtf8() + '\n')
                 .code,
             0);
    Run tested = cli({QStringLiteral("test"), QStringLiteral("--credential"), QStringLiteral("equip-key-1")});
    QCOMPARE(tested.code, 0);
    QCOMPARE(
        cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("equip-key-1")}).code,
        1);
    // The inventory records when it was tested.
    Run json = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY(!QJsonDocument::fromJson(json.out.toUtf8())
                 .array()
                 .first()
                 .toObject()
                 .value(QLatin1String("last_tested_at"))
                 .isNull());
}

void TestCliProviders::providerConnectionsAreEditedAndRemoved()
{
    auto connections = [this](const QStringList& args, const QByteArray& in = {}) {
        return cli(QStringList{QStringLiteral("connections")} + args, in);
    };
    QCOMPARE(connections({QStringLiteral("add"), QStringLiteral("--type"), QStringLiteral("oauth2"),
                          QStringLiteral("--name"), QStringLiteral("Vendor"), QStringLiteral("--url"),
                          QStringLiteral("https://a.vendor.example/token")})
                 .code,
             0);
    QCOMPARE(cli({QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Vendor"),
                  QStringLiteral("--client-id"), QStringLiteral("c-1")},
                 "vendor-secret\n")
                 .code,
             0);
    // The same rules as when it was added: no plain http to another host.
    const Run refused = connections({QStringLiteral("set"), QStringLiteral("Vendor"), QStringLiteral("--url"),
                                     QStringLiteral("http://b.vendor.example/token")});
    QCOMPARE(refused.code, 1);
    QVERIFY(refused.err.contains(QStringLiteral("https")));
    QVERIFY(connections({}).out.contains(QStringLiteral("https://a.vendor.example/token")));
    QCOMPARE(connections({QStringLiteral("set"), QStringLiteral("Vendor"), QStringLiteral("--url"),
                          QStringLiteral("https://b.vendor.example/token"), QStringLiteral("--scope"),
                          QStringLiteral("read")})
                 .code,
             0);
    QVERIFY(connections({}).out.contains(QStringLiteral("https://b.vendor.example/token")));
    // Removed with its credential and the credential's secret.
    const Run removed = connections({QStringLiteral("remove"), QStringLiteral("Vendor")});
    QCOMPARE(removed.code, 0);
    QVERIFY(!connections({}).out.contains(QStringLiteral("Vendor")));
    QVERIFY(!cli({QStringLiteral("keys"), QStringLiteral("list")}).out.contains(QStringLiteral("c-1")));
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Tmp"), QStringLiteral("--no-store")})
                 .code,
             0);
    const Run local = connections({QStringLiteral("remove"), QStringLiteral("Local")});
    QCOMPARE(local.code, 1);
    QVERIFY(local.err.contains(QStringLiteral("local service")));
}

QTEST_GUILESS_MAIN(TestCliProviders)
#include "tst_cliproviders.moc"

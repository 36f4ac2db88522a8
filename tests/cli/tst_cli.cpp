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
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void helpAndUsageErrors();
    void keyLifecycleOnTheLocalService();
    void aCommandOnTheLocalServiceDoesNotHangOnExit();
    void listFormatsParseBack();
    void oauth2ProviderImportAndToken();
    void basicAsCurlWithAJsonBody();
    void connectionDiscoveredFromItsIssuer();
    void apiKeyProviderTest();
    void runHandsSecretsToAProgram();
    void runConcealsTheFormsProgramsPrint();
    void runReadsAnEnvFileAndForwardsSignals();
    void readPrintsOneValueForAScript();
    void unreachableServiceIsExitCodeThree();
    void noKeychainIsExitCodeFour();
    void secretTypedAtATerminalIsNotEchoed();
    void terminalOutputCannotBeHijacked();
    void csvAndJsonAtATerminalAreSanitised();
    void providerConnectionsAreEditedAndRemoved();
    void rotationKeepsTheOldKeyUntilItIsRetired();
    void teamCommandsOnARemoteService();
    void connectionNarrowsEveryKeyLookup();
    void aSecondSignInToOneServerIsASecondConnection();
    void keysListAsksTheServices();

private:
    using Run = CliRun;
    // Runs keydesk-cli on a real terminal (a pty, through script(1)); what it printed is the screen.
    QByteArray onATerminal(const QStringList& args);
    Run cli(const QStringList& args, const QByteArray& stdinData = {}, bool withoutKeychain = false);
    Run importThenToken(const QString& connection, const QJsonObject& key);
    QString createStoredKey(const QString& name);
    // keydesk-cli connections add --type keydesk for `service`, the token typed on stdin.
    Run signIn(ServiceFixture& service, const QString& name, const QByteArray& token);

    QTemporaryDir* m_data = nullptr;
};

void TestCli::init()
{
    m_data = new QTemporaryDir;
}

void TestCli::cleanup()
{
    delete m_data;
}

// Imports a key of a KeyDesk service used as a vendor into `connection` (its secret on stdin), then asks for
// a token with it.
TestCli::Run TestCli::importThenToken(const QString& connection, const QJsonObject& key)
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

TestCli::Run TestCli::cli(const QStringList& args, const QByteArray& stdinData, bool withoutKeychain)
{
    return runCli(m_data->path(), args, stdinData, withoutKeychain);
}

void TestCli::helpAndUsageErrors()
{
    Run help = cli({QStringLiteral("--help")});
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(QStringLiteral("Exit codes")));
    for (const char* version : {"--version", "-V"}) {
        Run r = cli({QString::fromLatin1(version)});
        QCOMPARE(r.code, 0);
        QVERIFY2(
            QRegularExpression(QStringLiteral("^keydesk-cli \\d+\\.\\d+\\.\\d+\n$")).match(r.out).hasMatch(),
            qPrintable(r.out));
    }
    for (const char* command : {"connections", "keys", "token", "test", "import", "projects", "events",
                                "whoami", "public-key", "run", "read"}) {
        Run r = cli({QString::fromLatin1(command), QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("--")), command);
        // Its usage names the command, not the binary's path.
        QVERIFY2(
            r.out.startsWith(QStringLiteral("Usage: keydesk-cli %1 [options]").arg(QLatin1String(command))),
            qPrintable(r.out.section(QLatin1Char('\n'), 0, 0)));
    }
    // connections --help is the help: it does not send the reader to another that prints the same.
    QVERIFY(!cli({QStringLiteral("connections"), QStringLiteral("--help")})
                 .out.contains(QStringLiteral("connections add --help")));
    // Local is there from the first command, before any key was made on it.
    QVERIFY2(cli({QStringLiteral("connections")}).out.contains(QStringLiteral("\tLocal\tkeydesk")),
             "Local is missing from a fresh home's connections");
    // Every action of keys is in its help, rotate included, and what its key argument may be.
    const Run keysHelp = cli({QStringLiteral("keys"), QStringLiteral("--help")});
    QVERIFY2(keysHelp.out.contains(QStringLiteral("create, rotate, deactivate")), qPrintable(keysHelp.out));
    QVERIFY2(keysHelp.out.contains(QStringLiteral("key id or name, for rotate")), qPrintable(keysHelp.out));
    QCOMPARE(cli({QStringLiteral("frobnicate")}).code, 1);
    // A word too many, or a name missing, is a usage error with the reason: never ignored, never exit 6.
    for (const QStringList& extra :
         {QStringList{QStringLiteral("keys"), QStringLiteral("rotate"), QStringLiteral("Good"),
                      QStringLiteral("extra")},
          QStringList{QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("extra")},
          QStringList{QStringLiteral("connections"), QStringLiteral("list"), QStringLiteral("extra")},
          QStringList{QStringLiteral("token"), QStringLiteral("extra"), QStringLiteral("--credential=x")},
          QStringList{QStringLiteral("whoami"), QStringLiteral("extra")}}) {
        const Run refused = cli(extra);
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("Unexpected argument \u201Cextra\u201D")),
                 qPrintable(refused.err));
    }
    const Run unnamed = cli({QStringLiteral("connections"), QStringLiteral("remove")});
    QCOMPARE(unnamed.code, 1);
    QVERIFY2(unnamed.err.contains(QStringLiteral("Name the connection")), qPrintable(unnamed.err));
    // A usage error points to the command's own help, where its options are.
    QVERIFY2(unnamed.err.contains(QStringLiteral("Try keydesk-cli connections --help.")),
             qPrintable(unnamed.err));
    QVERIFY(cli({QStringLiteral("frobnicate")}).err.contains(QStringLiteral("Try keydesk-cli --help.")));
    // --help-all is help, not `keys list`.
    const Run helpAll = cli({QStringLiteral("keys"), QStringLiteral("--help-all")});
    QCOMPARE(helpAll.code, 0);
    QVERIFY2(helpAll.out.contains(QStringLiteral("--format")) &&
                 !helpAll.out.contains(QStringLiteral("NAME")),
             qPrintable(helpAll.out));
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("_x")})
                 .code,
             1);
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("ok"), QStringLiteral("--expires"), QStringLiteral("14")})
                 .code,
             1);
    QCOMPARE(cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("nope")}).code, 6);
}

void TestCli::aCommandOnTheLocalServiceDoesNotHangOnExit()
{
    // The local service stops when the command ends; an idle keep-alive connection from our own client
    // used to hold it for the service's whole keep-alive timeout (5 s) after the work was done. Not a
    // speed check: a hang guard, with plenty of room for a slow machine.
    QElapsedTimer timer;
    timer.start();
    const Run created = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Quick"), QStringLiteral("--expires"), QStringLiteral("7"),
                             QStringLiteral("--no-store")});
    QCOMPARE(created.code, 0);
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

void TestCli::keyLifecycleOnTheLocalService()
{
    Run created = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                       QStringLiteral("Deploy"), QStringLiteral("--expires"), QStringLiteral("90")});
    QCOMPARE(created.code, 0);
    const QString keyId = created.out.section(QStringLiteral("key_id: "), 1).section(QLatin1Char('\n'), 0, 0);
    const QString secret =
        created.out.section(QStringLiteral("secret: "), 1).section(QLatin1Char('\n'), 0, 0);
    QVERIFY(keyId.startsWith(QStringLiteral("kd_")) && secret.startsWith(QStringLiteral("kds_")));
    QVERIFY(!created.err.contains(secret)); // the secret goes to stdout only, once
    // Kept in the keychain, it can be read again, and stderr says how instead of "cannot be shown again".
    QVERIFY2(created.err.contains(QStringLiteral("keydesk-cli read %1:secret --reveal").arg(keyId)) &&
                 !created.err.contains(QStringLiteral("cannot be shown again")),
             qPrintable(created.err));
    const Run kept = cli({QStringLiteral("read"), keyId + QStringLiteral(":secret")});
    QCOMPARE(kept.out, secret); // (not a terminal: no --reveal needed, no newline added)

    Run tested = cli({QStringLiteral("test"), QStringLiteral("--credential"), keyId});
    QCOMPARE(tested.code, 0);
    QVERIFY(tested.out.startsWith(QStringLiteral("204")));
    Run raw = cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("Deploy"),
                   QStringLiteral("--format"), QStringLiteral("raw")});
    QCOMPARE(raw.code, 0);
    QCOMPARE(raw.out.trimmed().count(QLatin1Char('.')), 2);
    Run json = cli({QStringLiteral("token"), QStringLiteral("--credential"), keyId});
    QCOMPARE(
        QJsonDocument::fromJson(json.out.toUtf8()).object().value(QLatin1String("token_type")).toString(),
        QStringLiteral("Bearer"));

    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("deactivate"), keyId}).code, 0);
    Run refused = cli({QStringLiteral("test"), QStringLiteral("--credential"), keyId});
    QCOMPARE(refused.code, 2);
    QVERIFY(refused.out.contains(QStringLiteral("deactivated")));
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("activate"), keyId}).code, 0);
    QCOMPARE(cli({QStringLiteral("test"), QStringLiteral("--credential"), keyId}).code, 0);
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("delete"), keyId}).code, 0);
    Run list = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(QJsonDocument::fromJson(list.out.toUtf8()).array().size(), 0);
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("delete"), keyId}).code, 6);
}

void TestCli::listFormatsParseBack()
{
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                  QStringLiteral("Billing EU"), QStringLiteral("--description"),
                  QStringLiteral("quote \" and comma, here\nsecond line"), QStringLiteral("--no-store")})
                 .code,
             0);
    Run csv = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(csv.code, 0);
    QVERIFY2(csv.out.contains(QStringLiteral("Billing EU,Local,kd_")), qPrintable(csv.out));
    QVERIFY2(csv.out.contains(QStringLiteral(",\"quote \"\" and comma, here\nsecond line\",")),
             qPrintable(csv.out));
    Run json = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    const QJsonObject row = QJsonDocument::fromJson(json.out.toUtf8()).array().first().toObject();
    QCOMPARE(row.value(QLatin1String("name")).toString(), QStringLiteral("Billing EU"));
    QCOMPARE(row.value(QLatin1String("description")).toString(),
             QStringLiteral("quote \" and comma, here\nsecond line"));
    QVERIFY(!json.out.contains(QStringLiteral("kds_")));
    Run table = cli({QStringLiteral("keys"), QStringLiteral("list")});
    QVERIFY(table.out.startsWith(QStringLiteral("NAME")));
}

void TestCli::oauth2ProviderImportAndToken()
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

void TestCli::basicAsCurlWithAJsonBody()
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

void TestCli::connectionDiscoveredFromItsIssuer()
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

// A key of the local service with its secret in the keychain, for the run/read tests; its secret.
TestCli::Run TestCli::signIn(ServiceFixture& service, const QString& name, const QByteArray& token)
{
    return cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                QStringLiteral("keydesk"), QStringLiteral("--name"), name, QStringLiteral("--url"),
                service.server().baseUrl().toString()},
               token + '\n');
}

QString TestCli::createStoredKey(const QString& name)
{
    const Run created = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"), name,
                             QStringLiteral("--expires"), QStringLiteral("30")});
    return created.out.section(QStringLiteral("secret: "), 1).section(QLatin1Char('\n'), 0, 0);
}

void TestCli::runHandsSecretsToAProgram()
{
    const QString secret = createStoredKey(QStringLiteral("Deploy"));
    QVERIFY(secret.startsWith(QStringLiteral("kds_")));
    auto run = [this](const QStringList& options, const QString& script, const QByteArray& in = {}) {
        return cli(QStringList{QStringLiteral("run")} + options +
                       QStringList{QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script},
                   in);
    };
    const QStringList env{QStringLiteral("--env"), QStringLiteral("API_KEY=Deploy")};
    // The value is there (its length), printed output conceals it, and the program's exit status is ours.
    const Run used =
        run(env, QStringLiteral(R"(echo "length ${#API_KEY}"; echo "key is $API_KEY" >&2; exit 3)"));
    QCOMPARE(used.code, 3);
    QCOMPARE(used.out, QStringLiteral("length %1\n").arg(secret.size()));
    QCOMPARE(used.err, QStringLiteral("key is <concealed by keydesk>\n"));
    // Written in two pieces with a pause between them: still concealed.
    // (The first piece is all but the last 8 characters; then those 8.)
    const QString pieces = QStringLiteral("head=${API_KEY%%????????}; printf '%s' \"$head\"; sleep 0.3; "
                                          "printf '%s\\n' \"${API_KEY#\"$head\"}\"");
    const Run split = run(env, pieces);
    QCOMPARE(split.code, 0);
    QCOMPARE(split.out, QStringLiteral("<concealed by keydesk>\n"));
    // On request, the output is left alone; stdin reaches the program.
    const Run plain = run(QStringList{QStringLiteral("--no-masking")} + env,
                          QStringLiteral(R"(read line; echo "$line $API_KEY")"), "hello\n");
    QCOMPARE(plain.out, QStringLiteral("hello %1\n").arg(secret));
    // Killed by a signal: 128 + its number, as a shell reports it.
    QCOMPARE(run(env, QStringLiteral("kill -TERM $$")).code, 128 + 15);
    // A program that is not there: 127; an unknown credential stops before anything runs.
    QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--env"), QStringLiteral("K=Deploy"),
                  QStringLiteral("--"), QStringLiteral("/nonexistent/program")})
                 .code,
             127);
    const Run unknown =
        run({QStringLiteral("--env"), QStringLiteral("K=Nobody")}, QStringLiteral("echo ran"));
    QVERIFY(unknown.code != 0 && !unknown.out.contains(QStringLiteral("ran")));
    QVERIFY(unknown.err.contains(QStringLiteral("Nobody")));
    // A fresh token on request, concealed too.
    const Run token = run({QStringLiteral("--env"), QStringLiteral("TOKEN=Deploy:token")},
                          QStringLiteral(R"(echo "${#TOKEN} $TOKEN")"));
    QCOMPARE(token.code, 0);
    QVERIFY2(token.out.endsWith(QStringLiteral(" <concealed by keydesk>\n")) &&
                 token.out.section(' ', 0, 0).toInt() > 40,
             qPrintable(token.out));
}

void TestCli::runConcealsTheFormsProgramsPrint()
{
    const QString secret = createStoredKey(QStringLiteral("Deploy"));
    const Run listed = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    const QString keyId = QJsonDocument::fromJson(listed.out.toUtf8())
                              .array()
                              .first()
                              .toObject()
                              .value(QLatin1String("key_id"))
                              .toString();
    QVERIFY2(keyId.startsWith(QStringLiteral("kd_")), qPrintable(listed.out));
    auto run = [this, &keyId](const QString& script) -> QString {
        const Run r = cli({QStringLiteral("run"), QStringLiteral("--env"), QStringLiteral("API_KEY=Deploy"),
                           QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"),
                           QStringLiteral("KEY_ID=%1; ").arg(keyId) + script});
        return r.out + QStringLiteral("|") + r.err;
    };
    const QByteArray raw = secret.toUtf8();
    const QByteArray basic = (keyId + QLatin1Char(':') + secret).toUtf8().toBase64();
    const QList<QPair<QString, QByteArray>> forms{
        // curl -v -u id:secret prints the header it sends
        {QStringLiteral(
             R"sh(printf '> Authorization: Basic %s\n' "$(printf '%s:%s' "$KEY_ID" "$API_KEY" | base64 -w0)")sh"),
         basic},
        {QStringLiteral(R"sh(printf '%s' "$API_KEY" | base64 -w0; echo)sh"), raw.toBase64()},
        {QStringLiteral(R"sh(printf '%s' "$API_KEY" | base64 -w0 | tr '+/' '-_' | tr -d '='; echo)sh"),
         raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)},
        {QStringLiteral(R"sh(printf '%s' "$API_KEY" | od -An -tx1 | tr -d ' \n'; echo)sh"), raw.toHex()},
        // cut short (the last 4 are public anyway), at the very end of the stream
        {QStringLiteral(R"sh(printf 'key=%s' "${API_KEY%?}")sh"), raw.chopped(1)},
        {QStringLiteral(R"sh(printf 'key=%s' "${API_KEY%????}")sh"), raw.chopped(4)},
        // half on stdout, half on stderr
        {QStringLiteral(
             R"sh(rest=${API_KEY#????????????????????????}; printf '%s\n' "${API_KEY%"$rest"}"; printf '%s\n' "$rest" >&2)sh"),
         raw.left(24)},
    };
    for (const auto& [script, printed] : forms) {
        const QString shown = run(script);
        const QString seen = script + QStringLiteral(" -> ") + shown;
        QVERIFY2(shown.contains(QStringLiteral("<concealed by keydesk>")), qPrintable(seen));
        QVERIFY2(!shown.contains(QString::fromLatin1(printed)), qPrintable(seen));
        QVERIFY2(!shown.contains(secret.mid(4, 8)), qPrintable(seen));
    }
    // The second half of the split went to stderr and was concealed there too.
    const QString split = run(forms.last().first);
    QVERIFY2(!split.contains(secret.right(20)), qPrintable(split));
    // A piece too short to tell from chance passes: the public last four.
    QCOMPARE(run(QStringLiteral(R"sh(printf '%s\n' "${API_KEY#${API_KEY%????}}")sh")),
             secret.right(4) + QStringLiteral("\n|"));
}

void TestCli::runReadsAnEnvFileAndForwardsSignals()
{
    const QString secret = createStoredKey(QStringLiteral("Worker"));
    QFile envFile(m_data->filePath(QStringLiteral("app.env")));
    QVERIFY(envFile.open(QIODevice::WriteOnly));
    envFile.write("# for the worker\nexport API=keydesk://Local/Worker/secret\nGREETING=\"hello there\"\n\n");
    envFile.close();
    const Run run =
        cli({QStringLiteral("run"), QStringLiteral("--env-file"), envFile.fileName(), QStringLiteral("--"),
             QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral(R"(echo "$GREETING ${#API}")")});
    QCOMPARE(run.code, 0);
    QCOMPARE(run.out, QStringLiteral("hello there %1\n").arg(secret.size()));

    // keydesk-cli stopped with SIGTERM (as by kill, systemd or a CI runner): the program gets it too.
    QProcess p;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_data->path());
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(KEYDESK_CLI_BINARY),
            {QStringLiteral("run"), QStringLiteral("--env"), QStringLiteral("K=Worker"), QStringLiteral("--"),
             QStringLiteral("sh"), QStringLiteral("-c"),
             QStringLiteral("trap 'echo stopping; exit 7' TERM; echo ready; while :; do sleep 0.1; done")});
    QVERIFY(p.waitForStarted());
    QByteArray seen; // (accumulated: QTRY evaluates its condition once more at the end)
    QTRY_VERIFY_WITH_TIMEOUT((seen += p.readAllStandardOutput()).contains("ready"), 15000);
    p.terminate();
    QTRY_COMPARE_WITH_TIMEOUT(p.state(), QProcess::NotRunning, 10000);
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 7);
}

void TestCli::readPrintsOneValueForAScript()
{
    const QString secret = createStoredKey(QStringLiteral("Script"));
    const Run read = cli({QStringLiteral("read"), QStringLiteral("keydesk://Local/Script")});
    QCOMPARE(read.code, 0);
    QCOMPARE(read.out, secret); // piped: exactly the value, no newline
    const Run wrong = cli({QStringLiteral("read"), QStringLiteral("keydesk://Local/Script/password")});
    QCOMPARE(wrong.code, 1);
    QVERIFY(wrong.err.contains(QStringLiteral("secret or token")));
    const Run missing = cli({QStringLiteral("read"), QStringLiteral("keydesk://Nowhere/Script")});
    QVERIFY(missing.code != 0);
}

void TestCli::apiKeyProviderTest()
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

void TestCli::unreachableServiceIsExitCodeThree()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    QCOMPARE(cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                  QStringLiteral("keydesk"), QStringLiteral("--name"), QStringLiteral("Team"),
                  QStringLiteral("--url"), url},
                 "kda_sometoken\n")
                 .code,
             0);
    Run r = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                 QStringLiteral("x"), QStringLiteral("--connection"), QStringLiteral("Team")});
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains(QStringLiteral("connection refused")));
}

void TestCli::noKeychainIsExitCodeFour()
{
    Run r = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                 QStringLiteral("Orphan")},
                {}, true);
    QCOMPARE(r.code, 4);
    // The key exists now: its secret was printed so it is not lost, and the user is told to copy it.
    QVERIFY(r.out.contains(QStringLiteral("secret: kds_")));
    QVERIFY(r.err.contains(QStringLiteral("NOT in the OS keychain")));
}

void TestCli::secretTypedAtATerminalIsNotEchoed()
{
    QCOMPARE(cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                  QStringLiteral("oauth2"), QStringLiteral("--name"), QStringLiteral("Vendor"),
                  QStringLiteral("--url"), QStringLiteral("https://auth.vendor.example/token")})
                 .code,
             0);
    // script(1) gives the CLI a real terminal (a pty) and passes on what we type; its output is the screen.
    QProcess terminal;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_data->path());
    terminal.setProcessEnvironment(env);
    const QString command = ShellQuote::command({QStringLiteral(KEYDESK_CLI_BINARY), QStringLiteral("import"),
                                                 QStringLiteral("--connection"), QStringLiteral("Vendor"),
                                                 QStringLiteral("--client-id"), QStringLiteral("client-7")});
    terminal.start(QStringLiteral("script"), {QStringLiteral("-qec"), command, QStringLiteral("/dev/null")});
    QVERIFY(terminal.waitForStarted());
    QByteArray screen;
    QVERIFY(QTest::qWaitFor(
        [&] {
            screen += terminal.readAllStandardOutput();
            return screen.contains("input hidden");
        },
        15000));
    terminal.write("typed-secret-value-9\n");
    QVERIFY(terminal.waitForFinished(15000));
    screen += terminal.readAllStandardOutput();
    QCOMPARE(terminal.exitCode(), 0);
    QVERIFY2(screen.contains("Imported client-7"), screen.constData());
    QVERIFY2(!screen.contains("typed-secret-value-9"), screen.constData());
    // It was read all the same: the secret is in the keychain, its last 4 in the inventory.
    const Run listed = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(listed.out.contains(QStringLiteral("\"last4\": \"ue-9\"")), qPrintable(listed.out));
}

void TestCli::terminalOutputCannotBeHijacked()
{
    // A connection name with escape sequences (OSC 52 would write the clipboard; CSI 2J clears the screen).
    const QString hostile = QStringLiteral("Evil\x1b]52;c;ZXZpbA==\x07\x1b[2J");
    // keydesk-cli no longer takes such a name; an older inventory may still hold one, so it is planted there.
    QCOMPARE(cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                  QStringLiteral("oauth2"), QStringLiteral("--name"), hostile, QStringLiteral("--url"),
                  QStringLiteral("https://auth.vendor.example/token")})
                 .code,
             int(CliExit::Usage));
    QDirIterator found(m_data->path(), {QStringLiteral("inventory.sqlite")}, QDir::Files,
                       QDirIterator::Subdirectories);
    QVERIFY(found.hasNext());
    {
        InventoryStore inventory;
        KD_VERIFY_OK(inventory.open(found.next()));
        Connection planted;
        planted.name = hostile;
        planted.kind = Connection::Kind::OAuth2Provider;
        planted.provider.tokenUrl = QUrl(QStringLiteral("https://auth.vendor.example/token"));
        KD_VERIFY_OK(inventory.addConnection(planted));
    }
    const Run listed = cli({QStringLiteral("connections")});
    QCOMPARE(listed.code, 0);
    QVERIFY(listed.out.contains(QStringLiteral("Evil")));
    QVERIFY2(!listed.out.contains(QLatin1Char('\x1b')) && !listed.out.contains(QLatin1Char('\x07')),
             qPrintable(listed.out));
    const Run missing = cli({QStringLiteral("token"), QStringLiteral("--credential"), hostile});
    QVERIFY(!missing.err.contains(QLatin1Char('\x1b')));
}

QByteArray TestCli::onATerminal(const QStringList& args)
{
    QProcess terminal;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_data->path());
    terminal.setProcessEnvironment(env);
    terminal.start(QStringLiteral("script"),
                   {QStringLiteral("-qec"),
                    ShellQuote::command(QStringList{QStringLiteral(KEYDESK_CLI_BINARY)} + args),
                    QStringLiteral("/dev/null")});
    if (!terminal.waitForFinished(20000))
        return {};
    return terminal.readAllStandardOutput();
}

void TestCli::csvAndJsonAtATerminalAreSanitised()
{
    // An admin plants a terminal title (OSC 0) and a screen clear in a key's description.
    const QString hostile = QStringLiteral("deploy\x1b]0;you have been owned\x07\x1b[2J");
    const Run created =
        cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
             QStringLiteral("Deploy"), QStringLiteral("--description"), hostile, QStringLiteral("--expires"),
             QStringLiteral("30"), QStringLiteral("--no-store")});
    QCOMPARE(created.code, 0);
    // Not kept (--no-store): this once is all there is, and it says so.
    QVERIFY2(created.err.contains(QStringLiteral("kept nowhere and cannot be shown again")),
             qPrintable(created.err));
    for (const QString& format : {QStringLiteral("csv"), QStringLiteral("json")}) {
        const QByteArray screen =
            onATerminal({QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), format});
        QVERIFY2(screen.contains("deploy"), screen.constData());
        QVERIFY2(!screen.contains('\x1b') && !screen.contains('\x07'), screen.toHex(' ').constData());
    }
    // Into a file or a pipe the data stays exactly what it is (CSV's own rules apply there).
    const Run piped = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(piped.out.contains(hostile), qPrintable(piped.out));
    QVERIFY(piped.out.contains(QStringLiteral("\r\n")));
}

void TestCli::providerConnectionsAreEditedAndRemoved()
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

void TestCli::rotationKeepsTheOldKeyUntilItIsRetired()
{
    const Run created = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"),
                             QStringLiteral("Deploy"), QStringLiteral("--expires"), QStringLiteral("90")});
    QCOMPARE(created.code, 0);
    const QString oldId = created.out.section(QStringLiteral("key_id: "), 1).section(QLatin1Char('\n'), 0, 0);
    const Run rotated = cli({QStringLiteral("keys"), QStringLiteral("rotate"), oldId});
    QCOMPARE(rotated.code, 0);
    const QString newId = rotated.out.section(QStringLiteral("key_id: "), 1).section(QLatin1Char('\n'), 0, 0);
    QVERIFY(newId.startsWith(QStringLiteral("kd_")) && newId != oldId);
    QVERIFY(rotated.out.contains(QStringLiteral("secret: kds_")));
    QVERIFY(rotated.err.contains(QStringLiteral("keys deactivate ") + oldId));
    // Both work now; the successor's secret is in the keychain.
    QCOMPARE(cli({QStringLiteral("test"), QStringLiteral("--credential"), oldId}).code, 0);
    QCOMPARE(cli({QStringLiteral("test"), QStringLiteral("--credential"), newId}).code, 0);
    const Run listed = cli(
        {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY(listed.out.contains(QStringLiteral("Deploy v2")));
    // Retired once deployed.
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("deactivate"), oldId}).code, 0);
    QCOMPARE(cli({QStringLiteral("test"), QStringLiteral("--credential"), oldId}).code, 2);
}

void TestCli::teamCommandsOnARemoteService()
{
    // Two services: on "Team" this computer is signed in as the owner, on "Desk" as sam, support.
    ServiceFixture team;
    QVERIFY(team.start());
    ServiceFixture desk;
    QVERIFY(desk.start());
    auto support = desk.server().people().add(QStringLiteral("sam"), Role::Support, Actor::commandLine());
    QVERIFY(support.ok());
    const auto connect = [&](const QString& name, ServiceFixture& service, const QByteArray& token) {
        return cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                    QStringLiteral("keydesk"), QStringLiteral("--name"), name, QStringLiteral("--url"),
                    service.server().baseUrl().toString()},
                   token + '\n');
    };
    QCOMPARE(connect(QStringLiteral("Team"), team, QByteArray::fromStdString(team.adminToken)).code, 0);
    QCOMPARE(connect(QStringLiteral("Desk"), desk, support.value().token.toByteArray()).code, 0);
    const QString teamC = QStringLiteral("--connection=Team");

    Run me = cli({QStringLiteral("whoami"), QStringLiteral("--connection=Desk")});
    QVERIFY2(me.code == 0, qPrintable(me.err));
    QCOMPARE(me.out.trimmed(), QStringLiteral("sam on Desk, role support")); // as --role spells it
    Run refused = cli({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("--name=Nope"),
                       QStringLiteral("--connection=Desk")});
    QVERIFY(refused.code != 0);
    QVERIFY2(refused.err.contains(QStringLiteral("Admin")), qPrintable(refused.err));

    Run created =
        cli({QStringLiteral("projects"), QStringLiteral("create"), QStringLiteral("--name=Payments"), teamC});
    QVERIFY2(created.code == 0, qPrintable(created.err));
    QVERIFY(created.out.startsWith(QStringLiteral("prj_")));
    Run key = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name=billing"),
                   QStringLiteral("--project=payments"), QStringLiteral("--no-store"), teamC});
    QVERIFY2(key.code == 0, qPrintable(key.err));
    const QString keyId = key.out.section(QStringLiteral("key_id: "), 1).section(QLatin1Char('\n'), 0, 0);
    Run listed = cli({QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--project=Payments"),
                      QStringLiteral("--format=json"), teamC});
    const QJsonArray rows = QJsonDocument::fromJson(listed.out.toUtf8()).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().toObject().value(QLatin1String("project")).toString(), QStringLiteral("Payments"));
    QCOMPARE(rows.first().toObject().value(QLatin1String("created_by")).toString(), QStringLiteral("admin"));

    // The trail says who did what, newest first.
    QCOMPARE(cli({QStringLiteral("keys"), QStringLiteral("deactivate"), keyId}).code, 0);
    Run history =
        cli({QStringLiteral("events"), QStringLiteral("--key"), keyId, QStringLiteral("--format=json")});
    QVERIFY2(history.code == 0, qPrintable(history.err));
    const QJsonArray events = QJsonDocument::fromJson(history.out.toUtf8()).array();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).toObject().value(QLatin1String("action")).toString(),
             QStringLiteral("key.deactivated"));
    QCOMPARE(events.at(1).toObject().value(QLatin1String("action")).toString(),
             QStringLiteral("key.created"));
    Run table = cli({QStringLiteral("events"), QStringLiteral("--project=Payments"), teamC});
    QVERIFY2(table.out.contains(QStringLiteral("Deactivated")), qPrintable(table.out + table.err));
    // A project with keys is deleted only when asked twice.
    Run careful =
        cli({QStringLiteral("projects"), QStringLiteral("delete"), QStringLiteral("Payments"), teamC});
    QCOMPARE(careful.code, 1);
    QVERIFY2(careful.err.contains(QStringLiteral("its 1 key,")), qPrintable(careful.err)); // not "1 keys"
    // Offline, the history seen before is still there.
    team.stop();
    Run offline =
        cli({QStringLiteral("events"), QStringLiteral("--key"), keyId, QStringLiteral("--format=csv")});
    QCOMPARE(offline.code, 0);
    QVERIFY(offline.err.contains(QStringLiteral("cannot be reached")));
    QCOMPARE(offline.out.count(QStringLiteral("\r\n")), 3);
}

void TestCli::connectionNarrowsEveryKeyLookup()
{
    // The reported steps: a key "L6" on Local only, and a team service where the user names a connection.
    ServiceFixture team;
    QVERIFY(team.start());
    QCOMPARE(signIn(team, QStringLiteral("Team"), QByteArray::fromStdString(team.adminToken)).code, 0);
    const auto keys = [this](const QStringList& args) {
        return cli(QStringList{QStringLiteral("keys")} + args);
    };
    QCOMPARE(keys({QStringLiteral("create"), QStringLiteral("--name=L6"), QStringLiteral("--no-store")}).code,
             0);
    const auto localHasL6 = [&] {
        const Run listed = keys(
            {QStringLiteral("list"), QStringLiteral("--format=json"), QStringLiteral("--connection=Local")});
        return listed.out.contains(QStringLiteral("\"L6\""));
    };
    QVERIFY(localHasL6());
    // Team has no L6: nothing on Local is touched, by any action.
    for (const QString& action :
         {QStringLiteral("delete"), QStringLiteral("deactivate"), QStringLiteral("rotate")}) {
        const Run refused = keys({action, QStringLiteral("L6"), QStringLiteral("--connection=Team")});
        QVERIFY2(refused.code != 0, qPrintable(action + QLatin1Char(' ') + refused.out));
        QVERIFY2(refused.err.contains(QStringLiteral("L6")), qPrintable(refused.err));
    }
    QVERIFY(localHasL6());
    const Run stillActive =
        keys({QStringLiteral("list"), QStringLiteral("--format=json"), QStringLiteral("--connection=Local")});
    QVERIFY2(!stillActive.out.contains(QStringLiteral("inactive")), qPrintable(stillActive.out));
    // The same name on both: no guess; the candidates are named, and --connection says which.
    QVERIFY(!team.createProject(QStringLiteral("Ops")).empty());
    QCOMPARE(keys({QStringLiteral("create"), QStringLiteral("--name=L6"), QStringLiteral("--no-store"),
                   QStringLiteral("--project=Ops"), QStringLiteral("--connection=Team")})
                 .code,
             0);
    const Run ambiguous = keys({QStringLiteral("deactivate"), QStringLiteral("L6")});
    QCOMPARE(ambiguous.code, 1);
    QVERIFY2(ambiguous.err.contains(QStringLiteral("on Local")) &&
                 ambiguous.err.contains(QStringLiteral("on Team")) &&
                 ambiguous.err.contains(QStringLiteral("--connection")) &&
                 ambiguous.err.contains(QStringLiteral("CONNECTION/L6")),
             qPrintable(ambiguous.err));
    // CONNECTION/NAME says which, wherever a credential is named (it was "use the key id").
    const Run token = cli({QStringLiteral("token"), QStringLiteral("--credential"), QStringLiteral("Team/L6"),
                           QStringLiteral("--format"), QStringLiteral("raw")});
    QVERIFY2(!token.err.contains(QStringLiteral("several")) &&
                 !token.err.contains(QStringLiteral("No credential")),
             qPrintable(token.err));
    const Run deactivated = keys({QStringLiteral("deactivate"), QStringLiteral("Team/L6")});
    QVERIFY2(deactivated.code == 0, qPrintable(deactivated.err));
    const Run teamKeys =
        keys({QStringLiteral("list"), QStringLiteral("--format=json"), QStringLiteral("--connection=Team")});
    QVERIFY2(teamKeys.out.contains(QStringLiteral("inactive")), qPrintable(teamKeys.out));
    QVERIFY(localHasL6());
    const Run localKeys =
        keys({QStringLiteral("list"), QStringLiteral("--format=json"), QStringLiteral("--connection=Local")});
    QVERIFY2(!localKeys.out.contains(QStringLiteral("inactive")), qPrintable(localKeys.out));
}

void TestCli::aSecondSignInToOneServerIsASecondConnection()
{
    // alex (the owner) and vic (a viewer) on one server: two identities, both kept, neither swapped.
    ServiceFixture team;
    QVERIFY(team.start());
    auto vic = team.server().people().add(QStringLiteral("vic"), Role::Viewer, Actor::commandLine());
    QVERIFY(vic.ok());
    const auto connect = [&](const QString& name, const QByteArray& token) {
        return signIn(team, name, token);
    };
    QCOMPARE(connect(QStringLiteral("Team"), QByteArray::fromStdString(team.adminToken)).code, 0);
    const Run second = connect(QStringLiteral("TeamVic"), vic.value().token.toByteArray());
    QVERIFY2(second.code == 0, qPrintable(second.err));
    QVERIFY2(second.out.contains(QStringLiteral("TeamVic")), qPrintable(second.out));
    const Run alex = cli({QStringLiteral("whoami"), QStringLiteral("--connection=Team")});
    QVERIFY2(alex.out.startsWith(QStringLiteral("admin on Team")), qPrintable(alex.out + alex.err));
    const Run viewer = cli({QStringLiteral("whoami"), QStringLiteral("--connection=TeamVic")});
    QVERIFY2(viewer.out.startsWith(QStringLiteral("vic on TeamVic")), qPrintable(viewer.out + viewer.err));
    // Signing in again under the same name replaces that connection's token, as asked.
    QCOMPARE(connect(QStringLiteral("TeamVic"), QByteArray::fromStdString(team.adminToken)).code, 0);
    QVERIFY(cli({QStringLiteral("whoami"), QStringLiteral("--connection=TeamVic")})
                .out.startsWith(QStringLiteral("admin on TeamVic")));
    QVERIFY(cli({QStringLiteral("connections")}).out.count(team.server().baseUrl().host()) >= 2);
}

void TestCli::keysListAsksTheServices()
{
    ServiceFixture team;
    QVERIFY(team.start());
    QCOMPARE(signIn(team, QStringLiteral("Team"), QByteArray::fromStdString(team.adminToken)).code, 0);
    // A key made through the API, not through this computer: listed all the same.
    const QJsonObject made =
        team.createKey(team.createProject(QStringLiteral("Ops")), QStringLiteral("made-elsewhere"));
    QVERIFY(!made.isEmpty());
    const QStringList list{QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--format=csv")};
    const Run fresh = cli(list);
    QCOMPARE(fresh.code, 0);
    QVERIFY2(fresh.out.contains(QStringLiteral("made-elsewhere")), qPrintable(fresh.out + fresh.err));
    // The service goes away: what was seen is shown, the failure is said on stderr and in the exit status.
    team.stop();
    const Run stale = cli(list);
    QCOMPARE(stale.code, 3);
    QVERIFY(stale.out.contains(QStringLiteral("made-elsewhere")));
    QVERIFY2(stale.err.contains(QStringLiteral("Team could not be refreshed")), qPrintable(stale.err));
    // --offline asks nobody.
    const Run offline = cli(list + QStringList{QStringLiteral("--offline")});
    QCOMPARE(offline.code, 0);
    QVERIFY(offline.err.isEmpty());
    QVERIFY(offline.out.contains(QStringLiteral("made-elsewhere")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

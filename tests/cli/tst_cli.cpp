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
// This part: keys on the Local service and on team servers, help and exit codes (tst_cliproviders:
// vendors' connections; tst_clirun: run, read and the terminal).
class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void helpAndUsageErrors();
    void aCommandOnTheLocalServiceDoesNotHangOnExit();
    void keyLifecycleOnTheLocalService();
    void unreachableServiceIsExitCodeThree();
    void noKeychainIsExitCodeFour();
    void rotationKeepsTheOldKeyUntilItIsRetired();
    void teamCommandsOnARemoteService();
    void connectionNarrowsEveryKeyLookup();
    void aSecondSignInToOneServerIsASecondConnection();
    void keysListAsksTheServices();

private:
    using Run = CliRun;
    Run cli(const QStringList& args, const QByteArray& stdinData = {}, bool withoutKeychain = false);
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

TestCli::Run TestCli::cli(const QStringList& args, const QByteArray& stdinData, bool withoutKeychain)
{
    return runCli(m_data->path(), args, stdinData, withoutKeychain);
}

// A key of the local service with its secret in the keychain, for the run/read tests; its secret.
TestCli::Run TestCli::signIn(ServiceFixture& service, const QString& name, const QByteArray& token)
{
    return cli({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                QStringLiteral("keydesk"), QStringLiteral("--name"), name, QStringLiteral("--url"),
                service.server().baseUrl().toString()},
               token + '\n');
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

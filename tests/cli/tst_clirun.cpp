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
// This part: what keydesk-cli prints (list formats, and on a terminal), and `run` and `read`, which hand
// secrets to other programs (tst_cliproviders: vendors' connections; tst_cli: keys and services).
class TestCliRun : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listFormatsParseBack();
    void runHandsSecretsToAProgram();
    void runConcealsTheFormsProgramsPrint();
    void runReadsAnEnvFileAndForwardsSignals();
    void readPrintsOneValueForAScript();
    void secretTypedAtATerminalIsNotEchoed();
    void terminalOutputCannotBeHijacked();
    void csvAndJsonAtATerminalAreSanitised();

private:
    using Run = CliRun;
    Run cli(const QStringList& args, const QByteArray& stdinData = {}, bool withoutKeychain = false);
    QString createStoredKey(const QString& name);
    // Runs keydesk-cli on a real terminal (a pty, through script(1)); what it printed is the screen.
    QByteArray onATerminal(const QStringList& args);

    QTemporaryDir* m_data = nullptr;
};

void TestCliRun::init()
{
    m_data = new QTemporaryDir;
}

void TestCliRun::cleanup()
{
    delete m_data;
}

TestCliRun::Run TestCliRun::cli(const QStringList& args, const QByteArray& stdinData, bool withoutKeychain)
{
    return runCli(m_data->path(), args, stdinData, withoutKeychain);
}

QString TestCliRun::createStoredKey(const QString& name)
{
    const Run created = cli({QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--name"), name,
                             QStringLiteral("--expires"), QStringLiteral("30")});
    return created.out.section(QStringLiteral("secret: "), 1).section(QLatin1Char('\n'), 0, 0);
}

QByteArray TestCliRun::onATerminal(const QStringList& args)
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

void TestCliRun::listFormatsParseBack()
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

void TestCliRun::runHandsSecretsToAProgram()
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

void TestCliRun::runConcealsTheFormsProgramsPrint()
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

void TestCliRun::runReadsAnEnvFileAndForwardsSignals()
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

void TestCliRun::readPrintsOneValueForAScript()
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

void TestCliRun::secretTypedAtATerminalIsNotEchoed()
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

void TestCliRun::terminalOutputCannotBeHijacked()
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

void TestCliRun::csvAndJsonAtATerminalAreSanitised()
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

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_clirun.moc"

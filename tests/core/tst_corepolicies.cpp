#include "core/CredentialFormatter.h"
#include "core/ProcessHardening.h"
#include "core/ShellQuote.h"
#include "core/TerminalText.h"
#include "core/UrlPolicy.h"

#include <QProcess>
#include <QTest>
#include <sys/stat.h>

// The rules that keep hostile text and addresses from acting: where credentials may be sent, shell commands
// that stay one command, terminal text that cannot drive the terminal, CSV cells that stay text.
class TestCorePolicies : public QObject
{
    Q_OBJECT

private slots:
    void urlPolicy_data();
    void urlPolicy();
    void shellCommandRoundTripsThroughSh_data();
    void shellCommandRoundTripsThroughSh();
    void terminalTextCannotDriveTheTerminal();
    void csvCellsNeverRunAsFormulas_data();
    void csvCellsNeverRunAsFormulas();
    void processHardening();
};

void TestCorePolicies::urlPolicy_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https") << "https://api.example.com/oauth/token" << true;
    QTest::newRow("https with port") << "https://keys.example.org:8443" << true;
    QTest::newRow("http to 127.0.0.1") << "http://127.0.0.1:8080/health" << true;
    QTest::newRow("http to 127.1.2.3") << "http://127.1.2.3/health" << true;
    QTest::newRow("http to localhost") << "http://LOCALHOST:9/x" << true;
    QTest::newRow("http to [::1]") << "http://[::1]:9/x" << true;
    QTest::newRow("http elsewhere") << "http://api.example.com/oauth/token" << false;
    QTest::newRow("http to a LAN address") << "http://192.168.1.10/token" << false;
    QTest::newRow("http to localhost.evil") << "http://localhost.example.com/token" << false;
    QTest::newRow("http to 127.0.0.1.nip.io") << "http://127.0.0.1.nip.io/token" << false;
    QTest::newRow("user info") << "https://user:pw@api.example.com/token" << false;
    QTest::newRow("ftp") << "ftp://api.example.com/token" << false;
    QTest::newRow("file") << "file:///etc/passwd" << false;
    QTest::newRow("relative") << "/oauth/token" << false;
    QTest::newRow("empty") << "" << false;
}

void TestCorePolicies::urlPolicy()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    const auto result = UrlPolicy::check(QUrl(url), UrlPolicy::Purpose::TokenEndpoint);
    QVERIFY2(result.ok() == allowed,
             qPrintable(url + QStringLiteral(": ") +
                        (result.ok() ? QStringLiteral("allowed") : result.error().message())));
    if (!allowed)
        QVERIFY(result.error().message().startsWith(QStringLiteral("The token URL")));
}

void TestCorePolicies::shellCommandRoundTripsThroughSh_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("plain") << QStringList{QStringLiteral("curl"), QStringLiteral("-i"),
                                          QStringLiteral("https://api.example.com/health")};
    QTest::newRow("quotes") << QStringList{QStringLiteral("it's"), QStringLiteral("'"),
                                           QStringLiteral("''a'")};
    QTest::newRow("command substitution")
        << QStringList{QStringLiteral("$(touch /tmp/keydesk-pwned)"), QStringLiteral("`id`"),
                       QStringLiteral("${HOME}"), QStringLiteral("$HOME")};
    QTest::newRow("separators") << QStringList{QStringLiteral("a; rm -rf ~"), QStringLiteral("b && c | d"),
                                               QStringLiteral("e > f"), QStringLiteral("#g")};
    QTest::newRow("newlines") << QStringList{QStringLiteral("line1\nline2"), QStringLiteral("\r\n"),
                                             QStringLiteral("tab\there")};
    QTest::newRow("globs and spaces")
        << QStringList{QStringLiteral("*"), QStringLiteral("a b"), QStringLiteral("~"), QStringLiteral("")};
    QTest::newRow("unicode") << QStringList{QStringLiteral("caf\u00e9"), QStringLiteral("\u202e\u00a0x")};
}

void TestCorePolicies::shellCommandRoundTripsThroughSh()
{
    QFETCH(QStringList, arguments);
    // The command is run by a real sh with `printf` standing in for the program: every argument must arrive
    // exactly as given, one by one, and nothing else may run.
    const QString command = QStringLiteral("printf '%s\\0' ") + ShellQuote::command(arguments);
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    QVERIFY(sh.waitForFinished(10000));
    QCOMPARE(sh.exitCode(), 0);
    QByteArray out = sh.readAllStandardOutput();
    QStringList received;
    for (const QByteArray& part : out.split('\0'))
        received << QString::fromUtf8(part);
    received.removeLast(); // after the last NUL
    QCOMPARE(received, arguments);
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/keydesk-pwned")));
}

void TestCorePolicies::terminalTextCannotDriveTheTerminal()
{
    const QString hostile =
        QStringLiteral("ok\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[31mred\u009b1m\u202etxt.exe\nnext\tcol\r");
    const QString flat = TerminalText::sanitized(hostile);
    for (const QChar c : flat) {
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f && (c.unicode() < 0x80 || c.unicode() > 0x9f),
                 qPrintable(QStringLiteral("control U+%1 left").arg(c.unicode(), 4, 16, QLatin1Char('0'))));
        QVERIFY(c.unicode() != 0x202e);
    }
    QVERIFY(flat.startsWith(QStringLiteral("ok\ufffd]52;c;ZXZpbA==\ufffd")));
    QVERIFY(flat.contains(QStringLiteral("next col ")));
    const QString kept = TerminalText::sanitized(hostile, TerminalText::Lines::Keep);
    QVERIFY(kept.contains(QStringLiteral("\nnext\tcol")));
    QVERIFY(!kept.contains(QLatin1Char('\r')));
    QCOMPARE(TerminalText::sanitized(QStringLiteral("Überwachung \U0001F511 kd_ABC")),
             QStringLiteral("Überwachung \U0001F511 kd_ABC"));
}

void TestCorePolicies::csvCellsNeverRunAsFormulas_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("written");
    QTest::newRow("=") << "=HYPERLINK(\"http://x\")"
                       << "\"'=HYPERLINK(\"\"http://x\"\")\"";
    QTest::newRow("+") << "+1+cmd|' /C calc'!A0"
                       << "'+1+cmd|' /C calc'!A0";
    QTest::newRow("-") << "-2+3"
                       << "'-2+3";
    QTest::newRow("@") << "@SUM(A1)"
                       << "'@SUM(A1)";
    QTest::newRow("tab") << "\t=1"
                         << "'\t=1";
    QTest::newRow("CR") << "\r=1"
                        << "\"'\r=1\"";
    QTest::newRow("plain text") << "Billing key"
                                << "Billing key";
    QTest::newRow("formula later in the text") << "a=b"
                                               << "a=b";
}

void TestCorePolicies::csvCellsNeverRunAsFormulas()
{
    QFETCH(QString, cell);
    QFETCH(QString, written);
    QCOMPARE(CredentialFormatter::csvField(cell), written);
}

void TestCorePolicies::processHardening()
{
    QVERIFY(!ProcessHardening::isHardened()); // a test binary starts as any program does
    ProcessHardening::apply();
    QVERIFY(ProcessHardening::isHardened());
    const mode_t mask = umask(0);
    umask(mask);
    QCOMPARE(int(mask), 077);
}

QTEST_GUILESS_MAIN(TestCorePolicies)
#include "tst_corepolicies.moc"

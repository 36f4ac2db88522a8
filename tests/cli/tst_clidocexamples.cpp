#include "FakeHttpServer.h"
#include "ServiceFixture.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

// Every keydesk-cli example in docs/cli.md and README.md, run as written (through bash, in a fresh home with
// a real keychain) against throwaway services standing in for the vendors they name, in the order a reader
// meets them. An example with output shown (`$ command` then its lines) must print exactly that, `…` standing
// for what differs per run (a key id, a token) and a line of `…` alone for any lines; one without must exit
// 0.
// `$ cat FILE` shows a file the reader writes: the run writes it from what is shown.
class TestCliDocExamples : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cliGuideExamplesDoWhatTheyShow();
    void readmeExamplesRun();

private:
    struct Example
    {
        QString command;
        QStringList output; // as documented; empty: not shown
        bool showsOutput = false;
    };
    static QList<Example> examplesIn(const QString& markdown, bool withPrompts);
    QString substituted(QString text) const;
    // Runs the examples in a fresh folder and home; fails the test at the first that does not do what it
    // shows.
    void runAll(const QList<Example>& examples);
    static bool matches(const QStringList& expected, const QStringList& actual);

    std::unique_ptr<ServiceFixture> m_vendor;
    std::unique_ptr<FakeHttpServer> m_issuer;
    QString m_issuerBase;
    QJsonObject m_vendorKey;
    QList<QPair<QString, QString>> m_names; // a documented host or placeholder → what stands in for it
};

namespace {

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// An OAuth2 server on loopback: RFC 8414 metadata naming itself as issuer, and a token endpoint that answers
// private_key_jwt clients (the signature itself is tst_clientassertion's business).
QByteArray issuerAnswer(const QByteArray& request, const QString& base)
{
    if (request.startsWith("GET /.well-known/oauth-authorization-server"))
        return FakeHttpServer::response(
            200, QStringLiteral(R"({"issuer":"%1","token_endpoint":"%1/oauth2/token",)"
                                R"("token_endpoint_auth_methods_supported":["client_secret_basic"],)"
                                R"("scopes_supported":["invoices.read","invoices.write"]})")
                     .arg(base)
                     .toUtf8());
    if (request.startsWith("POST /oauth2/token") && request.contains("client_assertion="))
        return FakeHttpServer::response(
            200,
            R"({"access_token":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln","token_type":"Bearer","expires_in":300})");
    return FakeHttpServer::response(401, R"({"error":"invalid_client"})");
}

} // namespace

void TestCliDocExamples::initTestCase()
{
    m_vendor = std::make_unique<ServiceFixture>();
    QVERIFY(m_vendor->start());
    m_vendorKey = m_vendor->createKey(m_vendor->createProject(), QStringLiteral("m3ter service user"));
    QVERIFY(!m_vendorKey.isEmpty());
    m_issuer = std::make_unique<FakeHttpServer>(
        [this](const QByteArray& r) { return issuerAnswer(r, m_issuerBase); });
    m_issuerBase = m_issuer->url().toString();
    const QString base = m_issuerBase;
    const QString vendor = m_vendor->server().baseUrl().toString();
    m_names = {{QStringLiteral("https://api.m3ter.com"), vendor},
               {QStringLiteral("<access key id>"), m_vendorKey.value(QLatin1String("key_id")).toString()},
               {QStringLiteral("https://auth.example.com"), base},
               {QStringLiteral("https://auth.billing.example"), base},
               {QStringLiteral("https://auth.partner.example"), base},
               {QStringLiteral("https://auth.payments.example"), base}};
}

QList<TestCliDocExamples::Example> TestCliDocExamples::examplesIn(const QString& markdown, bool withPrompts)
{
    QList<Example> examples;
    bool inBlock = false;
    bool continued = false;
    for (QString line : markdown.split(QLatin1Char('\n'))) {
        const QString bare = line.trimmed();
        if (bare.startsWith(QLatin1String("```"))) {
            inBlock = !inBlock;
            continued = false;
            continue;
        }
        if (!inBlock)
            continue;
        if (continued) {
            examples.last().command += QLatin1Char(' ') + bare;
        } else if (withPrompts && bare.startsWith(QLatin1String("$ "))) {
            examples.append({bare.mid(2), {}, true});
        } else if (!withPrompts && bare.startsWith(QLatin1String("keydesk-cli "))) {
            examples.append({bare, {}, false});
        } else if (withPrompts && !examples.isEmpty() && examples.last().showsOutput && !bare.isEmpty()) {
            examples.last().output.append(bare);
            continue;
        } else {
            continue;
        }
        continued = examples.last().command.endsWith(QLatin1Char('\\'));
        if (continued)
            examples.last().command.chop(1);
    }
    // Only the commands and their shown output; a block of synopsis lines has no prompt and is left out.
    return examples;
}

QString TestCliDocExamples::substituted(QString text) const
{
    for (const auto& [documented, here] : m_names)
        text.replace(documented, here);
    return text;
}

bool TestCliDocExamples::matches(const QStringList& expected, const QStringList& actual)
{
    QString pattern = QStringLiteral("\\A");
    for (const QString& line : expected) {
        if (line == QStringLiteral("\u2026")) {
            pattern += QStringLiteral("(?:[^\\n]*\\n)*?");
            continue;
        }
        QStringList pieces = line.split(QStringLiteral("\u2026"));
        for (QString& piece : pieces)
            piece = QRegularExpression::escape(piece);
        pattern += pieces.join(QStringLiteral("[^\\n]*")) + QStringLiteral("\\n");
    }
    pattern += QStringLiteral("\\z");
    return QRegularExpression(pattern).match(actual.join(QLatin1Char('\n')) + QLatin1Char('\n')).hasMatch();
}

void TestCliDocExamples::runAll(const QList<Example>& examples)
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), folder.filePath(QStringLiteral(".data")));
    env.insert(QStringLiteral("PATH"), QFileInfo(QStringLiteral(KEYDESK_CLI_BINARY)).absolutePath() +
                                           QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("C"));
    // ./deploy.sh stands for the reader's own program where an example only names it.
    QFile program(folder.filePath(QStringLiteral("deploy.sh")));
    QVERIFY(program.open(QIODevice::WriteOnly) && program.write("#!/bin/sh\nexit 0\n") > 0);
    program.close();
    program.setPermissions(program.permissions() | QFileDevice::ExeOwner);
    const QByteArray vendorSecret = m_vendorKey.value(QLatin1String("secret")).toString().toUtf8() + '\n';
    for (const Example& example : examples) {
        const QString command = substituted(example.command);
        if (command.startsWith(QLatin1String("cat "))) { // a file the reader writes, as shown
            QFile file(folder.filePath(command.mid(4).trimmed()));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(substituted(example.output.join(QLatin1Char('\n'))).toUtf8() + '\n');
            file.close();
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
            continue;
        }
        QProcess shell;
        shell.setProcessEnvironment(env);
        shell.setWorkingDirectory(folder.path());
        shell.setProcessChannelMode(QProcess::MergedChannels); // as a terminal shows both
        shell.start(QStringLiteral("bash"), {QStringLiteral("-c"), command});
        shell.write(vendorSecret); // the secret an import reads; other commands do not read it
        shell.closeWriteChannel();
        // Waiting in an event loop: the issuer stand-in lives in this process and must keep answering.
        QEventLoop wait;
        connect(&shell, &QProcess::finished, &wait, &QEventLoop::quit);
        QTimer::singleShot(30000, &wait, &QEventLoop::quit);
        if (shell.state() != QProcess::NotRunning)
            wait.exec();
        QVERIFY2(shell.state() == QProcess::NotRunning, qPrintable(command));
        const QString printed = QString::fromUtf8(shell.readAll());
        QVERIFY2(
            shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0,
            qPrintable(QStringLiteral("%1\nexited %2:\n%3").arg(command).arg(shell.exitCode()).arg(printed)));
        if (!example.showsOutput || example.output.isEmpty())
            continue;
        QStringList expected;
        for (const QString& line : example.output)
            expected << substituted(line);
        QStringList actual; // compared without indentation, which the Markdown adds to every line
        for (const QString& line : printed.trimmed().split(QLatin1Char('\n')))
            actual << line.trimmed();
        QVERIFY2(matches(expected, actual),
                 qPrintable(QStringLiteral("%1\ndocumented:\n%2\nprinted:\n%3")
                                .arg(command, expected.join(QLatin1Char('\n')), printed)));
    }
}

void TestCliDocExamples::cliGuideExamplesDoWhatTheyShow()
{
    const QList<Example> examples =
        examplesIn(readFile(QStringLiteral(KEYDESK_SOURCE_DIR "/docs/cli.md")), true);
    QVERIFY2(examples.size() >= 12, "docs/cli.md's examples were not found");
    runAll(examples);
}

void TestCliDocExamples::readmeExamplesRun()
{
    const QList<Example> examples =
        examplesIn(readFile(QStringLiteral(KEYDESK_SOURCE_DIR "/README.md")), false);
    QVERIFY2(examples.size() >= 8, "README.md's keydesk-cli examples were not found");
    runAll(examples);
}

QTEST_GUILESS_MAIN(TestCliDocExamples)
#include "tst_clidocexamples.moc"

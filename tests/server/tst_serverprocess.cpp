#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <httplib.h>
#include <sys/stat.h>

// The keydesk-server binary as an operator runs it: init, serve, log, stop on SIGTERM, restart.
class TestServerProcess : public QObject
{
    Q_OBJECT

private slots:
    void helpAndUsageErrors();
    void initServeLogAndRestart();
    void theDatabaseStaysPrivate();
    void peopleFromTheCommandLine();
    void theRequestLogCannotBeForged();
    void aBrokenDatabaseUrlDoesNotShowItsPassword();
    void onlyInitCreatesADatabase();

private:
    static QProcess* startServer(const QString& database, QObject* parent);
    static int portOf(QProcess* server);
    QTemporaryDir m_dir;
};

static int run(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(KEYDESK_SERVER_BINARY), args);
    if (!p.waitForFinished(10000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitCode();
}

QProcess* TestServerProcess::startServer(const QString& database, QObject* parent)
{
    auto* server = new QProcess(parent);
    server->start(QStringLiteral(KEYDESK_SERVER_BINARY),
                  {QStringLiteral("serve"), QStringLiteral("--database"), database,
                   QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    return server;
}

int TestServerProcess::portOf(QProcess* server)
{
    static const QRegularExpression listening(QStringLiteral("listening on http://127.0.0.1:(\\d+)"));
    QByteArray err;
    for (int i = 0; i < 50; ++i) {
        server->waitForReadyRead(100);
        err += server->readAllStandardError();
        const auto match = listening.match(QString::fromUtf8(err));
        if (match.hasMatch())
            return match.captured(1).toInt();
    }
    return -1;
}

void TestServerProcess::helpAndUsageErrors()
{
    QByteArray out;
    QCOMPARE(run({QStringLiteral("--help")}, &out), 0);
    QVERIFY(out.contains("--database") && out.contains("--token-ttl") && out.contains("rotate-admin-token"));
    QByteArray err;
    QCOMPARE(run({QStringLiteral("--max-keys"), QStringLiteral("lots")}, nullptr, &err), 1);
    QVERIFY(err.contains("--max-keys"));
    const QString fresh = m_dir.filePath(QStringLiteral("never-initialised.sqlite"));
    QCOMPARE(
        run({QStringLiteral("--database"), fresh, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")},
            nullptr, &err),
        2);
    QVERIFY(err.contains("init"));
}

void TestServerProcess::theDatabaseStaysPrivate()
{
    // Run by hand as the README says, with a permissive umask: the file is still the owner's alone.
    const QString database = m_dir.filePath(QStringLiteral("private.sqlite"));
    const mode_t before = umask(022);
    QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--database"), database}), 0);
    umask(before);
    struct stat info
    {};
    QCOMPARE(stat(QFile::encodeName(database).constData(), &info), 0);
    QCOMPARE(int(info.st_mode & 0777), 0600);
    // A file others can read (copied with cp, restored from a backup) is refused with a clear message.
    QVERIFY(chmod(QFile::encodeName(database).constData(), 0644) == 0);
    QByteArray err;
    QVERIFY(run({QStringLiteral("--database"), database, QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:0")},
                nullptr, &err) != 0);
    QVERIFY2(err.contains("can be read by other users") && err.contains("chmod 600"), err.constData());
}

void TestServerProcess::initServeLogAndRestart()
{
    const QString database = m_dir.filePath(QStringLiteral("service.sqlite"));
    QByteArray out;
    QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--database"), database}, &out), 0);
    const QByteArray adminToken = out.trimmed().split('\n').last();
    QVERIFY2(adminToken.startsWith("kda_") && adminToken.size() == 44, out.constData());
    QByteArray err;
    QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--database"), database}, nullptr, &err), 2);
    QVERIFY(err.contains("already"));

    QProcess* server = startServer(database, this);
    const int port = portOf(server);
    QVERIFY(port > 0);
    httplib::Client client("127.0.0.1", port);
    const httplib::Headers admin{{"Authorization", "Bearer " + adminToken.toStdString()}};
    auto project = client.Post("/v1/projects", admin, "{\"name\":\"Ops\"}", "application/json");
    QCOMPARE(project->status, 201);
    const std::string pid = QJsonDocument::fromJson(QByteArray::fromStdString(project->body))
                                .object()
                                .value(QLatin1String("id"))
                                .toString()
                                .toStdString();
    auto key = client.Post(("/v1/projects/" + pid + "/keys").c_str(), admin, "{\"name\":\"deploy\"}",
                           "application/json");
    QCOMPARE(key->status, 201);
    const QJsonObject keyJson = QJsonDocument::fromJson(QByteArray::fromStdString(key->body)).object();
    const std::string secret = keyJson.value(QLatin1String("secret")).toString().toStdString();
    const std::string keyId = keyJson.value(QLatin1String("key_id")).toString().toStdString();
    QCOMPARE(client.Get("/health", {{"X-API-Key", secret}})->status, 204);
    client.set_basic_auth(keyId.c_str(), secret.c_str());
    auto token =
        client.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
    QCOMPARE(token->status, 200);
    const std::string accessToken = QJsonDocument::fromJson(QByteArray::fromStdString(token->body))
                                        .object()
                                        .value(QLatin1String("access_token"))
                                        .toString()
                                        .toStdString();

    ::kill(pid_t(server->processId()), SIGTERM);
    QVERIFY(server->waitForFinished(10000));
    QCOMPARE(server->exitStatus(), QProcess::NormalExit);
    QCOMPARE(server->exitCode(), 0);
    const QByteArray log = server->readAllStandardError();
    QVERIFY2(log.contains("POST /oauth/token 200"), log.constData());
    QVERIFY(log.contains("GET /health 204"));
    QVERIFY(log.contains(QByteArray(QByteArray("key_id=") + QByteArray::fromStdString(keyId))));
    // The log never holds a secret, the admin token, an access token or an Authorization header.
    QVERIFY(!log.contains(QByteArray::fromStdString(secret)));
    QVERIFY(!log.contains(adminToken));
    QVERIFY(!log.contains(QByteArray::fromStdString(accessToken)));
    QVERIFY(!log.contains("Authorization") && !log.contains("Basic "));
    QVERIFY(!log.contains(QByteArray::fromStdString(secret).right(20)));

    // Restart on the same file: everything is still there.
    QProcess* again = startServer(database, this);
    const int port2 = portOf(again);
    QVERIFY(port2 > 0);
    httplib::Client client2("127.0.0.1", port2);
    QCOMPARE(client2.Get("/health", {{"X-API-Key", secret}})->status, 204);
    QCOMPARE(client2.Get("/health", {{"Authorization", "Bearer " + accessToken}})->status, 204);
    QCOMPARE(client2.Get(("/v1/projects/" + pid + "/keys").c_str(), admin)->status, 200);
    ::kill(pid_t(again->processId()), SIGINT);
    QVERIFY(again->waitForFinished(10000));
    QCOMPARE(again->exitCode(), 0);
}

void TestServerProcess::theRequestLogCannotBeForged()
{
    const QString database = m_dir.filePath(QStringLiteral("log.sqlite"));
    QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--database"), database}), 0);
    QProcess* server = startServer(database, this);
    const int port = portOf(server);
    QVERIFY(port > 0);
    // A path that decodes to a newline, a made-up line and a screen clear for the operator's terminal.
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    QVERIFY(socket.waitForConnected(2000));
    socket.write("GET /x%0a2026-01-01T00:00:00Z%20POST%20/v1/users%20201%200.1ms%1b%5b2J%c3%a9 HTTP/1.1\r\n"
                 "Host: x\r\nConnection: close\r\n\r\n");
    QVERIFY(socket.waitForDisconnected(5000) || socket.state() == QAbstractSocket::UnconnectedState);
    ::kill(pid_t(server->processId()), SIGTERM);
    QVERIFY(server->waitForFinished(10000));
    const QByteArray log = server->readAllStandardError();
    QVERIFY2(!log.contains('\x1b'), log.constData());
    for (const QByteArray& line : log.split('\n'))
        QVERIFY2(!line.startsWith("2026-01-01T00:00:00Z"), log.constData()); // no forged line
    QVERIFY2(log.contains("GET /x\\x0a2026-01-01T00:00:00Z\\x20POST\\x20/v1/users\\x20201\\x200.1ms\\x1b[2J"
                          "\\xc3\\xa9 404"),
             log.constData());
}

void TestServerProcess::onlyInitCreatesADatabase()
{
    const QString typo = m_dir.filePath(QStringLiteral("typo.sqlite"));
    QByteArray out;
    QByteArray err;
    QVERIFY(run({QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("--database"), typo,
                 QStringLiteral("--name"), QStringLiteral("alex"), QStringLiteral("--role"),
                 QStringLiteral("admin")},
                &out, &err) != 0);
    QVERIFY2(err.contains("keydesk-server init --database"), err.constData());
    QVERIFY(!out.contains("kda_")); // no token for a database nobody will use
    QVERIFY(!QFileInfo::exists(typo));
    // -V as keydesk-cli has it.
    QCOMPARE(run({QStringLiteral("-V")}, &out), 0);
    QVERIFY2(out.startsWith("keydesk-server "), out.constData());
}

void TestServerProcess::aBrokenDatabaseUrlDoesNotShowItsPassword()
{
    QByteArray err;
    QVERIFY(run({QStringLiteral("users"), QStringLiteral("list"), QStringLiteral("--database"),
                 QStringLiteral("postgresql://kd:S3cret%zzPw@db/keydesk")},
                nullptr, &err) != 0);
    QVERIFY2(!err.contains("S3cret"), err.constData());
    QVERIFY2(err.contains("process list"), err.constData()); // the warning is not skipped
    QVERIFY2(err.contains("not valid"), err.constData());
}

void TestServerProcess::peopleFromTheCommandLine()
{
    const QString database = m_dir.filePath(QStringLiteral("people.sqlite"));
    QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--database"), database}), 0);
    const QStringList db{QStringLiteral("--database"), database};
    QByteArray out;
    QByteArray err;
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("--name"),
                             QStringLiteral("alex@example.org"), QStringLiteral("--role"),
                             QStringLiteral("support")} +
                     db,
                 &out),
             0);
    const QByteArray token = out.trimmed().split('\n').last();
    QVERIFY2(token.startsWith("kda_") && token.size() == 44, out.constData());
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("list")} + db, &out), 0);
    QVERIFY(out.contains("alex@example.org") && out.contains("support") && out.contains("owner"));
    QVERIFY(!out.contains(token)); // never shown again
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("set-role"), QStringLiteral("--name"),
                             QStringLiteral("alex@example.org"), QStringLiteral("--role"),
                             QStringLiteral("admin")} +
                 db),
             0);
    // Mistakes are usage errors; the last owner stays.
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("--name"),
                             QStringLiteral("x"), QStringLiteral("--role"), QStringLiteral("root")} +
                     db,
                 nullptr, &err),
             1);
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("fire")} + db, nullptr, &err), 1);
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("--name"),
                             QStringLiteral("admin")} +
                     db,
                 nullptr, &err),
             2);
    QVERIFY(err.contains("only owner"));
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("remove"), QStringLiteral("--name"),
                             QStringLiteral("alex@example.org")} +
                 db),
             0);
    QCOMPARE(run(QStringList{QStringLiteral("users"), QStringLiteral("list")} + db, &out), 0);
    QVERIFY(!out.contains("alex@example.org"));
}

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_serverprocess.moc"

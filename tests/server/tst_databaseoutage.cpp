#include "AwaitResult.h"
#include "ServiceFixture.h"
#include "net/ServiceClient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTest>
#include <QUrl>
#include <atomic>
#include <cstdio>
#include <thread>
#include <unistd.h>

// keydesk-server when its PostgreSQL goes away and comes back: a cluster of this test's own (it is restarted,
// stopped and has its connections killed), a real server on 127.0.0.1 and clients asking all the while.
class TestDatabaseOutage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void whileTheDatabaseIsDownTheAnswerIs503NeverAWrongToken();
    void recoversFromARestartUnderLoad_data();
    void recoversFromARestartUnderLoad();
    void twoInstancesRecoverTogether();
    void aKilledConnectionIsReplacedUnnoticed();
    void idleConnectionsCutByTheServerAreReplaced();
    void followsAFailoverToThePromotedStandby();

private:
    bool cluster(const QStringList& args);
    bool pgCtl(const QStringList& args, const QString& dir = {});
    bool asPostgres(const QString& program, const QStringList& args);
    bool sql(const QString& statement, const QString& dir = {}, int port = 0);
    int tokenStatus(const ServiceFixture* on = nullptr);

    QString m_dir;
    int m_port = 54341;
    QString m_url;
    std::unique_ptr<ServiceFixture> m_fixture;
    std::string m_keyId;
    std::string m_secret;
};

namespace {

QMutex g_logLock;
QStringList g_log;

void keepMessages(QtMsgType, const QMessageLogContext&, const QString& message)
{
    QMutexLocker lock(&g_logLock);
    g_log << message;
    std::fprintf(stderr, "%s\n", qPrintable(message)); // the test's own output still shows it
}

int logged(const QString& text)
{
    QMutexLocker lock(&g_logLock);
    int n = 0;
    for (const QString& line : g_log)
        n += line.contains(text);
    return n;
}

} // namespace

bool TestDatabaseOutage::cluster(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral(KEYDESK_PG_FIXTURE), args);
    return p.waitForFinished(60000) && p.exitCode() == 0;
}

bool TestDatabaseOutage::pgCtl(const QStringList& args, const QString& dir)
{
    const QString cluster = dir.isEmpty() ? m_dir : dir;
    return asPostgres(QStringLiteral("pg_ctl"),
                      QStringList{QStringLiteral("-D"), cluster + QStringLiteral("/data"),
                                  QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30")} +
                          args);
}

bool TestDatabaseOutage::asPostgres(const QString& program, const QStringList& args)
{
    // PostgreSQL's programs as the clusters' owner (root runs them as postgres, as the fixture does).
    QProcess find;
    find.start(
        QStringLiteral("sh"),
        {QStringLiteral("-c"), QStringLiteral("ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1")});
    find.waitForFinished();
    QStringList command{QString::fromUtf8(find.readAllStandardOutput()).trimmed() + QLatin1Char('/') +
                        program};
    command += args;
    QProcess p;
    p.setWorkingDirectory(QStringLiteral("/"));
    if (::geteuid() == 0)
        p.start(QStringLiteral("runuser"),
                QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} +
                    command);
    else
        p.start(command.first(), command.mid(1));
    return p.waitForFinished(60000) && p.exitCode() == 0;
}

bool TestDatabaseOutage::sql(const QString& statement, const QString& dir, int port)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("outage-admin"));
        db.setHostName(dir.isEmpty() ? m_dir : dir);
        db.setPort(port ? port : m_port);
        db.setUserName(QStringLiteral("keydesk"));
        db.setDatabaseName(QStringLiteral("keydesk"));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(statement);
            if (!ok)
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("outage-admin"));
    return ok;
}

int TestDatabaseOutage::tokenStatus(const ServiceFixture* on)
{
    httplib::Client client = (on ? on : m_fixture.get())->client();
    client.set_basic_auth(m_keyId, m_secret);
    auto res =
        client.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
    return res ? res->status : -1;
}

void TestDatabaseOutage::initTestCase()
{
    m_dir = QStringLiteral("/tmp/keydesk-outage-pg-%1").arg(QCoreApplication::applicationPid());
    QVERIFY(cluster({QStringLiteral("start"), m_dir, QString::number(m_port)}));
    // Where it listens, in its configuration: pg_ctl start and restart below need no options.
    QFile conf(m_dir + QStringLiteral("/data/postgresql.conf"));
    QVERIFY(conf.open(QIODevice::Append));
    conf.write(
        QStringLiteral("\nport = %1\nunix_socket_directories = '%2'\nlisten_addresses = ''\nfsync = off\n")
            .arg(m_port)
            .arg(m_dir)
            .toUtf8());
    conf.close();
    m_url = QStringLiteral("postgresql://keydesk@localhost:%1/keydesk?host=%2").arg(m_port).arg(m_dir);
    qInstallMessageHandler(keepMessages);
}

void TestDatabaseOutage::cleanupTestCase()
{
    qInstallMessageHandler(nullptr);
    cluster({QStringLiteral("stop"), m_dir});
}

void TestDatabaseOutage::init()
{
    QVERIFY(pgCtl({QStringLiteral("status")}) ||
            pgCtl({QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("start")}));
    ServiceConfig config;
    config.database = m_url;
    config.tokenRatePerSecond = 1000; // the load below is not what is being limited
    config.tokenBurst = 1000;
    m_fixture = std::make_unique<ServiceFixture>(QStringLiteral("own cluster"), config);
    QVERIFY(m_fixture->start());
    static int round = 0; // one database for the whole test: each test its own project
    const QJsonObject key = m_fixture->createKey(
        m_fixture->createProject(QStringLiteral("Outage %1").arg(++round)), QStringLiteral("deploy"));
    m_keyId = key.value(QLatin1String("key_id")).toString().toStdString();
    m_secret = key.value(QLatin1String("secret")).toString().toStdString();
    QVERIFY(!m_secret.empty());
    QCOMPARE(tokenStatus(), 200);
    QMutexLocker lock(&g_logLock);
    g_log.clear();
}

void TestDatabaseOutage::cleanup()
{
    m_fixture.reset();
}

void TestDatabaseOutage::whileTheDatabaseIsDownTheAnswerIs503NeverAWrongToken()
{
    httplib::Client client = m_fixture->client();
    QCOMPARE(client.Get("/readyz")->status, 204);
    QVERIFY(pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")}));

    // Every call that needs the database: 503 storage_unavailable with Retry-After, never 401/403/404.
    for (int round = 0; round < 3; ++round) {
        auto admin = client.Get("/v1/projects", m_fixture->admin());
        QVERIFY(admin);
        QCOMPARE(admin->status, 503);
        QCOMPARE(ServiceFixture::errorCode(admin), std::string("storage_unavailable"));
        QVERIFY(admin->has_header("Retry-After"));
        QCOMPARE(tokenStatus(), 503);
        QCOMPARE(client.Get("/health", {{"X-API-Key", m_secret}})->status, 503);
    }
    // The app and keydesk-cli hear "unavailable, try again", never that their token is wrong.
    QNetworkAccessManager network;
    ServiceClient app(&network, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_fixture->port())),
                      SecretBytes(QByteArray::fromStdString(m_fixture->adminToken)));
    const Expected<QList<Project>> projects =
        awaitResult<QList<Project>>([&](auto done) { app.listProjects(done); });
    QVERIFY(!projects.ok());
    QCOMPARE(projects.error().kind(), Error::Kind::Network);
    QVERIFY2(projects.error().message().contains(QLatin1String("unavailable right now")) &&
                 projects.error().message().contains(QLatin1String("Try again in 1 second")),
             qPrintable(projects.error().message()));
    // Alive, not ready.
    QCOMPARE(client.Get("/livez")->status, 204);
    QCOMPARE(client.Get("/readyz")->status, 503);
    // The log says it once, not once a request.
    QCOMPARE(logged(QStringLiteral("cannot be reached")), 1);

    QElapsedTimer sinceBack;
    QVERIFY(pgCtl({QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("start")}));
    sinceBack.start();
    QTRY_COMPARE_WITH_TIMEOUT(tokenStatus(), 200, 5000);
    qInfo("tokens again %lld ms after the database accepted connections", sinceBack.elapsed());
    QCOMPARE(client.Get("/readyz")->status, 204);
    QCOMPARE(client.Get("/v1/projects", m_fixture->admin())->status, 200);
    QCOMPARE(logged(QStringLiteral("answers again")), 1);
}

void TestDatabaseOutage::recoversFromARestartUnderLoad_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("fast") << QStringLiteral("fast");
    QTest::newRow("immediate") << QStringLiteral("immediate");
}

void TestDatabaseOutage::recoversFromARestartUnderLoad()
{
    QFETCH(QString, mode);
    const std::string project =
        m_fixture->createProject(QStringLiteral("Created during the %1 restart").arg(mode));
    QVERIFY(!project.empty());
    std::atomic<bool> stop{false};
    std::atomic<int> wrongAnswers{0};
    QMutex created;
    QStringList acknowledged; // key ids a client got 201 for
    std::atomic<int> tokens{0};
    auto tokenLoad = std::thread([&] {
        while (!stop) {
            const int status = tokenStatus();
            if (status == 200)
                ++tokens;
            else if (status != 503)
                ++wrongAnswers; // a 401 would make a client drop a good secret
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    auto creation = std::thread([&] {
        for (int i = 0; i < 60 && !stop; ++i) {
            auto res = m_fixture->postJson("/v1/projects/" + project + "/keys",
                                           {{QStringLiteral("name"), QStringLiteral("k%1").arg(i)}});
            if (res && res->status == 201) {
                QMutexLocker lock(&created);
                acknowledged << ServiceFixture::json(res).value(QLatin1String("key_id")).toString();
            } else if (!res || (res->status != 503 && res->status != 409)) {
                ++wrongAnswers; // 409: the project's ten keys are there
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    });
    QTest::qWait(300);
    QElapsedTimer sinceBack;
    const bool restarted = pgCtl({QStringLiteral("-m"), mode, QStringLiteral("restart"), QStringLiteral("-l"),
                                  m_dir + QStringLiteral("/server.log")});
    sinceBack.start();
    const int before = tokens;
    const bool recovered = QTest::qWaitFor([&] { return tokens > before + 3; }, 5000);
    const qint64 recoveredAfter = sinceBack.elapsed();
    stop = true;
    tokenLoad.join();
    creation.join();
    QVERIFY(restarted);
    QVERIFY2(recovered, "no token within 5 s of the database accepting connections again");
    qInfo("%s restart: tokens again within %lld ms", qPrintable(mode), recoveredAfter);
    QCOMPARE(wrongAnswers.load(), 0);

    // Nothing acknowledged is lost, nothing doubled, the limit held, one audit event per key.
    auto listed = m_fixture->client().Get(("/v1/projects/" + project + "/keys").c_str(), m_fixture->admin());
    QCOMPARE(listed->status, 200);
    const QJsonArray keys = QJsonDocument::fromJson(QByteArray::fromStdString(listed->body))
                                .object()
                                .value(QLatin1String("keys"))
                                .toArray();
    QStringList stored;
    for (const QJsonValue& k : keys)
        stored << k.toObject().value(QLatin1String("key_id")).toString();
    QVERIFY(stored.size() <= 10);
    for (const QString& id : acknowledged)
        QVERIFY2(stored.contains(id), qPrintable(id + QStringLiteral(" was acknowledged and is gone")));
    auto events = m_fixture->client().Get(("/v1/projects/" + project + "/events?limit=100").c_str(),
                                          m_fixture->admin());
    QCOMPARE(events->status, 200);
    int createdEvents = 0;
    for (const QJsonValue& e : QJsonDocument::fromJson(QByteArray::fromStdString(events->body))
                                   .object()
                                   .value(QLatin1String("events"))
                                   .toArray()) {
        const QJsonObject event = e.toObject();
        if (event.value(QLatin1String("action")).toString() == QLatin1String("key.created") &&
            stored.contains(event.value(QLatin1String("key_id")).toString()))
            ++createdEvents;
    }
    QCOMPARE(createdEvents, stored.size());
}

void TestDatabaseOutage::twoInstancesRecoverTogether()
{
    // A team's second instance on the same database, both asked all the while.
    ServiceConfig config = m_fixture->config();
    ServiceFixture second(QStringLiteral("own cluster"), config);
    QVERIFY(second.start());
    QCOMPARE(tokenStatus(&second), 200);
    std::atomic<bool> stop{false};
    std::atomic<int> wrongAnswers{0};
    std::atomic<int> tokens[2] = {0, 0};
    std::vector<std::thread> load;
    for (int i = 0; i < 2; ++i) {
        const ServiceFixture* on = i == 0 ? m_fixture.get() : &second;
        load.emplace_back([&, i, on] {
            while (!stop) {
                const int status = tokenStatus(on);
                if (status == 200)
                    ++tokens[i];
                else if (status != 503)
                    ++wrongAnswers;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    }
    QTest::qWait(200);
    const bool restarted =
        pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("restart"),
               QStringLiteral("-l"), m_dir + QStringLiteral("/server.log")});
    QElapsedTimer sinceBack;
    sinceBack.start();
    const int before[2] = {tokens[0], tokens[1]};
    const bool recovered =
        QTest::qWaitFor([&] { return tokens[0] > before[0] + 3 && tokens[1] > before[1] + 3; }, 5000);
    const qint64 recoveredAfter = sinceBack.elapsed();
    stop = true;
    for (std::thread& t : load)
        t.join();
    QVERIFY(restarted);
    QVERIFY2(recovered, "an instance gave no token within 5 s of the database accepting connections");
    qInfo("two instances: both issuing tokens again within %lld ms", recoveredAfter);
    QCOMPARE(wrongAnswers.load(), 0);
}

void TestDatabaseOutage::aKilledConnectionIsReplacedUnnoticed()
{
    // Every connection of the service killed from the database's side: the next read runs on a new one.
    for (int round = 0; round < 3; ++round) {
        QVERIFY(sql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = 'keydesk' AND pid <> pg_backend_pid()")));
        QCOMPARE(tokenStatus(), 200);
        QCOMPARE(m_fixture->client().Get("/v1/projects", m_fixture->admin())->status, 200);
    }
}

void TestDatabaseOutage::idleConnectionsCutByTheServerAreReplaced()
{
    // A proxy or the server closing idle connections: PostgreSQL's own idle_session_timeout does it here.
    QVERIFY(sql(QStringLiteral("ALTER ROLE keydesk SET idle_session_timeout = '300ms'")));
    QVERIFY(sql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = 'keydesk' AND pid <> pg_backend_pid()")));
    for (int round = 0; round < 4; ++round) {
        QCOMPARE(tokenStatus(), 200);
        QTest::qWait(600); // every connection it has is cut meanwhile
    }
    QCOMPARE(m_fixture->client().Get("/v1/projects", m_fixture->admin())->status, 200);
    QVERIFY(sql(QStringLiteral("ALTER ROLE keydesk RESET idle_session_timeout")));
}

void TestDatabaseOutage::followsAFailoverToThePromotedStandby()
{
    // A streaming standby of the test's cluster, on its own socket folder and port.
    const QString standby = m_dir + QStringLiteral("-standby");
    const int standbyPort = m_port + 1;
    QProcess::execute(QStringLiteral("rm"), {QStringLiteral("-rf"), standby});
    QVERIFY(QDir().mkpath(standby));
    if (::geteuid() == 0)
        QCOMPARE(QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres"), standby}), 0);
    QVERIFY(asPostgres(QStringLiteral("pg_basebackup"),
                       {QStringLiteral("-h"), m_dir, QStringLiteral("-p"), QString::number(m_port),
                        QStringLiteral("-U"), QStringLiteral("keydesk"), QStringLiteral("-D"),
                        standby + QStringLiteral("/data"), QStringLiteral("-R"), QStringLiteral("-c"),
                        QStringLiteral("fast"), QStringLiteral("-X"), QStringLiteral("stream")}));
    QFile conf(standby + QStringLiteral("/data/postgresql.conf"));
    QVERIFY(conf.open(QIODevice::Append));
    // (max_connections as the primary's: a standby with fewer refuses to replay)
    conf.write(QStringLiteral("\nport = %1\nunix_socket_directories = '%2'\nmax_connections = 200\n")
                   .arg(standbyPort)
                   .arg(standby)
                   .toUtf8());
    conf.close();
    QVERIFY(pgCtl({QStringLiteral("-l"), standby + QStringLiteral("/server.log"), QStringLiteral("start")},
                  standby));

    // The service on both, as a team would run it: libpq takes whichever is writable.
    const QString both =
        QStringLiteral("postgresql://keydesk@%1:%2,%3:%4/keydesk?target_session_attrs=read-write")
            .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_dir)), QString::number(m_port),
                 QString::fromLatin1(QUrl::toPercentEncoding(standby)),
                 QString::number(standbyPort)); // (one arg(): the paths hold %2F)
    ServiceConfig config = m_fixture->config();
    config.database = both;
    m_fixture = std::make_unique<ServiceFixture>(QStringLiteral("own cluster"), config);
    QVERIFY(m_fixture->start());
    const std::string project = m_fixture->createProject(QStringLiteral("Failover"));
    QVERIFY(!project.empty());
    const QJsonObject before = m_fixture->createKey(project, QStringLiteral("before"));
    m_keyId = before.value(QLatin1String("key_id")).toString().toStdString();
    m_secret = before.value(QLatin1String("secret")).toString().toStdString();
    QCOMPARE(tokenStatus(), 200);
    httplib::Client client = m_fixture->client();
    client.set_basic_auth(m_keyId, m_secret);
    auto issued =
        client.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
    const std::string tokenBefore =
        ServiceFixture::json(issued).value(QLatin1String("access_token")).toString().toStdString();
    QTest::qWait(500); // the standby replays what was just written

    // The primary dies; the standby is promoted.
    QVERIFY(pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")}));
    QCOMPARE(tokenStatus(), 503); // honest while nothing is writable
    QElapsedTimer sincePromoted;
    QVERIFY(pgCtl({QStringLiteral("promote")}, standby));
    sincePromoted.start();
    QTRY_COMPARE_WITH_TIMEOUT(tokenStatus(), 200, 15000);
    const QJsonObject after = m_fixture->createKey(project, QStringLiteral("after"));
    QVERIFY(!after.isEmpty());
    qInfo("failover: tokens and key creation again %lld ms after the standby was promoted",
          sincePromoted.elapsed());
    // Tokens issued before the failover stay valid: the signing keys were replicated with everything else.
    QCOMPARE(m_fixture->client().Get("/health", {{"Authorization", "Bearer " + tokenBefore}})->status, 204);

    // The old primary comes back read-only (as a standby would be): it is skipped, nothing is written there.
    QVERIFY(pgCtl({QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("-o"),
                   QStringLiteral("-c default_transaction_read_only=on"), QStringLiteral("start")}));
    QVERIFY(sql(QStringLiteral("SELECT 1"))); // it is up
    // The service's connections are cut, so it connects anew and must pass the old primary by.
    QVERIFY(sql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = 'keydesk' AND pid <> pg_backend_pid()"),
                standby, standbyPort));
    const QJsonObject third = m_fixture->createKey(project, QStringLiteral("third"));
    QVERIFY(!third.isEmpty());
    QCOMPARE(tokenStatus(), 200);
    QVERIFY(pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")}, standby));
    m_fixture.reset();
    QProcess::execute(QStringLiteral("rm"), {QStringLiteral("-rf"), standby});
    // The test's cluster, writable again for whatever runs after.
    QVERIFY(pgCtl({QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("stop")}));
}

QTEST_GUILESS_MAIN(TestDatabaseOutage)
#include "tst_databaseoutage.moc"

#include "AwaitResult.h"
#include "PostgresCluster.h"
#include "ServiceFixture.h"
#include "net/ServiceClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QTest>
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

private:
    int tokenStatus(const ServiceFixture* on = nullptr);

    PostgresCluster m_cluster{QStringLiteral("/tmp/keydesk-outage-pg-%1").arg(::getpid()), 54341};
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

int TestDatabaseOutage::tokenStatus(const ServiceFixture* on)
{
    return (on ? on : m_fixture.get())->tokenStatus(m_keyId, m_secret);
}

void TestDatabaseOutage::initTestCase()
{
    QVERIFY(m_cluster.create());
    qInstallMessageHandler(keepMessages);
}

void TestDatabaseOutage::cleanupTestCase()
{
    qInstallMessageHandler(nullptr);
    m_cluster.remove();
}

void TestDatabaseOutage::init()
{
    QVERIFY(m_cluster.isRunning() || m_cluster.start());
    ServiceConfig config;
    config.database = m_cluster.url();
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
    QVERIFY(m_cluster.pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")}));

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
    QVERIFY(m_cluster.start());
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
    const bool restarted =
        m_cluster.pgCtl({QStringLiteral("-m"), mode, QStringLiteral("restart"), QStringLiteral("-l"),
                         m_cluster.dir() + QStringLiteral("/server.log")});
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
        m_cluster.pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("restart"),
                         QStringLiteral("-l"), m_cluster.dir() + QStringLiteral("/server.log")});
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
        QVERIFY(m_cluster.terminateConnections());
        QCOMPARE(tokenStatus(), 200);
        QCOMPARE(m_fixture->client().Get("/v1/projects", m_fixture->admin())->status, 200);
    }
}

void TestDatabaseOutage::idleConnectionsCutByTheServerAreReplaced()
{
    // A proxy or the server closing idle connections: PostgreSQL's own idle_session_timeout does it here.
    QVERIFY(m_cluster.sql(QStringLiteral("ALTER ROLE keydesk SET idle_session_timeout = '300ms'")));
    QVERIFY(m_cluster.terminateConnections());
    for (int round = 0; round < 4; ++round) {
        QCOMPARE(tokenStatus(), 200);
        QTest::qWait(600); // every connection it has is cut meanwhile
    }
    QCOMPARE(m_fixture->client().Get("/v1/projects", m_fixture->admin())->status, 200);
    QVERIFY(m_cluster.sql(QStringLiteral("ALTER ROLE keydesk RESET idle_session_timeout")));
}

QTEST_GUILESS_MAIN(TestDatabaseOutage)
#include "tst_databaseoutage.moc"

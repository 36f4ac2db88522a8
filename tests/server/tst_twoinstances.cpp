#include "ManualClock.h"
#include "ServiceFixture.h"

#include <QJsonArray>
#include <QTest>
#include <atomic>
#include <thread>
#include <vector>

// Two keydesk-server instances on one database, as behind nginx: they agree on the key limit, tokens,
// revocation, signing keys, people and the audit trail, whichever instance serves a call. Each row runs
// on PostgreSQL (the team setup) and on SQLite (two processes on one file).
class TestTwoInstances : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void keyLimitHoldsAcrossInstances_data() { ServiceFixture::addDatabaseRows(); }
    void keyLimitHoldsAcrossInstances();
    void tokensAndRevocationCrossOver_data() { ServiceFixture::addDatabaseRows(); }
    void tokensAndRevocationCrossOver();
    void signingKeyRotatedOnOneIsUsedByBoth_data() { ServiceFixture::addDatabaseRows(); }
    void signingKeyRotatedOnOneIsUsedByBoth();
    void personRemovedOnOneIsRefusedByBoth_data() { ServiceFixture::addDatabaseRows(); }
    void personRemovedOnOneIsRefusedByBoth();
    void auditTrailIsCompleteAcrossInstances_data() { ServiceFixture::addDatabaseRows(); }
    void auditTrailIsCompleteAcrossInstances();

private:
    bool startBoth(const QString& backend);
    httplib::Client client(int instance) const;

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ServiceFixture> m_first;
    std::unique_ptr<KeyDeskServer> m_second;
    int m_secondPort = 0;
};

void TestTwoInstances::init()
{
    m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
}

void TestTwoInstances::cleanup()
{
    if (m_second)
        m_second->stop();
    m_second.reset();
    m_first.reset();
}

bool TestTwoInstances::startBoth(const QString& backend)
{
    m_first = std::make_unique<ServiceFixture>(backend, ServiceConfig{}, *m_clock);
    if (!m_first->start())
        return false;
    HttpServerConfig http;
    http.logRequests = false;
    m_second = std::make_unique<KeyDeskServer>(m_first->config(), http, *m_clock);
    auto port = m_second->start();
    if (!port)
        return false;
    m_secondPort = port.value();
    return true;
}

httplib::Client TestTwoInstances::client(int instance) const
{
    httplib::Client c("127.0.0.1", instance == 0 ? m_first->port() : m_secondPort);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
}

void TestTwoInstances::keyLimitHoldsAcrossInstances()
{
    QFETCH(QString, backend);
    QVERIFY(startBoth(backend));
    const std::string project = m_first->createProject();
    constexpr int clients = 20;
    std::atomic<int> ready{0};
    std::vector<int> statuses(clients, 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            httplib::Client c = client(i % 2); // half to each instance
            const std::string body = "{\"name\":\"racer " + std::to_string(i) + "\"}";
            ++ready;
            while (ready < clients)
                std::this_thread::yield();
            auto res = c.Post(("/v1/projects/" + project + "/keys").c_str(), m_first->admin(), body,
                              "application/json");
            statuses[i] = res ? res->status : -1;
        });
    }
    for (auto& t : threads)
        t.join();
    QCOMPARE(int(std::count(statuses.begin(), statuses.end(), 201)), 10);
    QCOMPARE(int(std::count(statuses.begin(), statuses.end(), 409)), 10);
    for (int instance : {0, 1}) {
        auto list = client(instance).Get(("/v1/projects/" + project + "/keys").c_str(), m_first->admin());
        QCOMPARE(ServiceFixture::json(list).value(QLatin1String("keys")).toArray().size(), 10);
    }
}

void TestTwoInstances::tokensAndRevocationCrossOver()
{
    QFETCH(QString, backend);
    QVERIFY(startBoth(backend));
    const std::string project = m_first->createProject();
    const QJsonObject key = m_first->createKey(project, QStringLiteral("shared"));
    const std::string keyId = key.value(QLatin1String("key_id")).toString().toStdString();
    const std::string secret = key.value(QLatin1String("secret")).toString().toStdString();
    const std::string keyPath =
        "/v1/projects/" + project + "/keys/" + key.value(QLatin1String("id")).toString().toStdString();

    auto issued = client(0).Post(
        "/oauth/token", "grant_type=client_credentials&client_id=" + keyId + "&client_secret=" + secret,
        "application/x-www-form-urlencoded");
    QCOMPARE(issued->status, 200);
    const std::string token =
        ServiceFixture::json(issued).value(QLatin1String("access_token")).toString().toStdString();
    const httplib::Headers bearer{{"Authorization", "Bearer " + token}};
    QCOMPARE(client(1).Get("/health", bearer)->status, 204);

    // Deactivated on the second: the first refuses the key and its token at once.
    QCOMPARE(client(1)
                 .Patch(keyPath.c_str(), m_first->admin(), R"({"status":"inactive"})", "application/json")
                 ->status,
             200);
    QCOMPARE(client(0).Get("/health", bearer)->status, 401);
    QCOMPARE(client(0).Get("/health", {{"X-API-Key", secret}})->status, 401);
    // Active again on the first, deleted on the first: the second refuses at once.
    QCOMPARE(client(0)
                 .Patch(keyPath.c_str(), m_first->admin(), R"({"status":"active"})", "application/json")
                 ->status,
             200);
    QCOMPARE(client(1).Get("/health", bearer)->status, 204);
    QCOMPARE(client(0).Delete(keyPath.c_str(), m_first->admin())->status, 204);
    QCOMPARE(client(1).Get("/health", bearer)->status, 401);
    QCOMPARE(client(1)
                 .Post("/oauth/token",
                       "grant_type=client_credentials&client_id=" + keyId + "&client_secret=" + secret,
                       "application/x-www-form-urlencoded")
                 ->status,
             401);
}

void TestTwoInstances::signingKeyRotatedOnOneIsUsedByBoth()
{
    QFETCH(QString, backend);
    QVERIFY(startBoth(backend));
    const std::string project = m_first->createProject();
    const QJsonObject key = m_first->createKey(project, QStringLiteral("k"));
    const QString keyId = key.value(QLatin1String("key_id")).toString();
    const SecretBytes secret(key.value(QLatin1String("secret")).toString().toUtf8());
    auto kid = m_second->keys().signingKeys().rotate(Actor::commandLine());
    QVERIFY(kid.ok());
    m_clock->advanceSeconds(61); // instances look for new signing keys once a minute
    for (TokenService* tokens : {&m_first->server().tokens(), &m_second->tokens()}) {
        auto issued = tokens->issue(keyId, secret, {});
        QVERIFY(issued.ok());
        const QByteArray header = QByteArray::fromBase64(issued.value().accessToken.split('.').first(),
                                                         QByteArray::Base64UrlEncoding);
        QVERIFY2(header.contains(kid.value().toLatin1()), header.constData());
        // …and the other instance accepts it.
        TokenService& other =
            tokens == &m_first->server().tokens() ? m_second->tokens() : m_first->server().tokens();
        QVERIFY(other.authenticateAccessToken(issued.value().accessToken).ok());
    }
}

void TestTwoInstances::personRemovedOnOneIsRefusedByBoth()
{
    QFETCH(QString, backend);
    QVERIFY(startBoth(backend));
    auto added = client(0).Post("/v1/users", m_first->admin(), R"({"name":"temp","role":"admin"})",
                                "application/json");
    QCOMPARE(added->status, 201);
    const httplib::Headers temp{
        {"Authorization",
         "Bearer " + ServiceFixture::json(added).value(QLatin1String("token")).toString().toStdString()}};
    QCOMPARE(client(1).Get("/v1/projects", temp)->status, 200);
    QCOMPARE(client(1)
                 .Patch("/v1/users/temp", m_first->admin(), R"({"role":"viewer"})", "application/json")
                 ->status,
             200);
    QCOMPARE(client(0).Post("/v1/projects", temp, R"({"name":"No"})", "application/json")->status, 403);
    QCOMPARE(client(1).Delete("/v1/users/temp", m_first->admin())->status, 204);
    QCOMPARE(client(0).Get("/v1/projects", temp)->status, 401);
    QCOMPARE(client(1).Get("/v1/projects", temp)->status, 401);
}

void TestTwoInstances::auditTrailIsCompleteAcrossInstances()
{
    QFETCH(QString, backend);
    QVERIFY(startBoth(backend));
    const std::string project = m_first->createProject();
    const std::string keys = "/v1/projects/" + project + "/keys";
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) { // alternate instances
        auto res = client(i % 2).Post(keys.c_str(), m_first->admin(),
                                      "{\"name\":\"k" + std::to_string(i) + "\"}", "application/json");
        QCOMPARE(res->status, 201);
        ids.push_back(ServiceFixture::json(res).value(QLatin1String("id")).toString().toStdString());
    }
    for (int i = 0; i < 6; ++i)
        QCOMPARE(client((i + 1) % 2).Delete((keys + "/" + ids[size_t(i)]).c_str(), m_first->admin())->status,
                 204);
    // Either instance tells the whole story.
    for (int instance : {0, 1}) {
        auto res = client(instance).Get(("/v1/projects/" + project + "/events?limit=1000").c_str(),
                                        m_first->admin());
        const QJsonArray list = ServiceFixture::json(res).value(QLatin1String("events")).toArray();
        int created = 0;
        int deleted = 0;
        for (const QJsonValue& e : list) {
            const QString action = e.toObject().value(QLatin1String("action")).toString();
            created += action == QLatin1String("key.created");
            deleted += action == QLatin1String("key.deleted");
        }
        QCOMPARE(created, 6);
        QCOMPARE(deleted, 6);
    }
}

QTEST_GUILESS_MAIN(TestTwoInstances)
#include "tst_twoinstances.moc"

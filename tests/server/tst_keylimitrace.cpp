#include "ServiceFixture.h"

#include <QJsonArray>
#include <QTest>
#include <atomic>
#include <thread>
#include <vector>

// The key-limit check and the insert are one transaction: 20 clients racing to create keys against a
// limit of 10 leave exactly 10, on SQLite and on PostgreSQL.
class TestKeyLimitRace : public QObject
{
    Q_OBJECT

private slots:
    void twentyConcurrentCreatesLeaveTen_data() { ServiceFixture::addDatabaseRows(); }
    void twentyConcurrentCreatesLeaveTen();
};

void TestKeyLimitRace::twentyConcurrentCreatesLeaveTen()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    const std::string project = f.createProject();
    QVERIFY(!project.empty());

    constexpr int clients = 20;
    std::atomic<int> ready{0};
    std::vector<int> statuses(clients, 0);
    std::vector<std::string> codes(clients);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            httplib::Client client = f.client();
            const std::string body = "{\"name\":\"racer " + std::to_string(i) + "\"}";
            ++ready;
            while (ready < clients) // line everyone up so the requests really overlap
                std::this_thread::yield();
            auto res = client.Post(("/v1/projects/" + project + "/keys").c_str(), f.admin(), body,
                                   "application/json");
            statuses[i] = res ? res->status : -1;
            codes[i] = res ? ServiceFixture::errorCode(res) : std::string("no reply");
        });
    }
    for (auto& t : threads)
        t.join();

    int created = 0;
    int refused = 0;
    for (int i = 0; i < clients; ++i) {
        if (statuses[i] == 201)
            ++created;
        else if (statuses[i] == 409 && codes[i] == "key_limit_reached")
            ++refused;
        else
            QFAIL(qPrintable(QStringLiteral("client %1 got %2 %3")
                                 .arg(i)
                                 .arg(statuses[i])
                                 .arg(QString::fromStdString(codes[i]))));
    }
    QCOMPARE(created, 10);
    QCOMPARE(refused, 10);
    auto list = f.client().Get(("/v1/projects/" + project + "/keys").c_str(), f.admin());
    QCOMPARE(ServiceFixture::json(list).value(QLatin1String("keys")).toArray().size(), 10);
}

QTEST_GUILESS_MAIN(TestKeyLimitRace)
#include "tst_keylimitrace.moc"

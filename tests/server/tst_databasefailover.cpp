#include "PostgresCluster.h"
#include "ServiceFixture.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUrl>
#include <unistd.h>

// keydesk-server on a primary and its streaming standby, as a team runs it: the primary dies, the standby is
// promoted, and the service goes on writing to it without a restart (docs/operations.md).
class TestDatabaseFailover : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void followsAFailoverToThePromotedStandby();

private:
    PostgresCluster m_primary{QStringLiteral("/tmp/keydesk-failover-pg-%1").arg(::getpid()), 54343};
    PostgresCluster m_standby{m_primary.dir() + QStringLiteral("-standby"), 54344};
};

void TestDatabaseFailover::initTestCase()
{
    QVERIFY(m_primary.create());
    QVERIFY(m_standby.createStandbyOf(m_primary));
    QVERIFY(m_standby.start());
}

void TestDatabaseFailover::cleanupTestCase()
{
    m_standby.remove();
    m_primary.remove();
}

void TestDatabaseFailover::followsAFailoverToThePromotedStandby()
{
    // Both hosts, in libpq's list (socket folders percent-encoded); libpq takes whichever is writable.
    const QString both =
        QStringLiteral("postgresql://keydesk@%1:%2,%3:%4/keydesk?target_session_attrs=read-write")
            .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_primary.dir())),
                 QString::number(m_primary.port()),
                 QString::fromLatin1(QUrl::toPercentEncoding(m_standby.dir())),
                 QString::number(m_standby.port())); // (one arg(): the paths hold %2F)
    ServiceConfig config;
    config.database = both;
    ServiceFixture service(QStringLiteral("own cluster"), config);
    QVERIFY(service.start());
    const std::string project = service.createProject(QStringLiteral("Failover"));
    QVERIFY(!project.empty());
    const QJsonObject before = service.createKey(project, QStringLiteral("before"));
    const std::string keyId = before.value(QLatin1String("key_id")).toString().toStdString();
    const std::string secret = before.value(QLatin1String("secret")).toString().toStdString();
    httplib::Client client = service.client();
    client.set_basic_auth(keyId, secret);
    auto issued =
        client.Post("/oauth/token", "grant_type=client_credentials", "application/x-www-form-urlencoded");
    QVERIFY(issued && issued->status == 200);
    const std::string tokenBefore =
        ServiceFixture::json(issued).value(QLatin1String("access_token")).toString().toStdString();
    QTest::qWait(500); // the standby replays what was just written

    // The primary dies; the standby is promoted.
    QVERIFY(m_primary.pgCtl({QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")}));
    QCOMPARE(service.tokenStatus(keyId, secret), 503); // honest while nothing is writable
    QElapsedTimer sincePromoted;
    QVERIFY(m_standby.pgCtl({QStringLiteral("promote")}));
    sincePromoted.start();
    QTRY_COMPARE_WITH_TIMEOUT(service.tokenStatus(keyId, secret), 200, 15000);
    QVERIFY(!service.createKey(project, QStringLiteral("after")).isEmpty());
    qInfo("failover: tokens and key creation again %lld ms after the standby was promoted",
          sincePromoted.elapsed());
    // Tokens issued before the failover stay valid: the signing keys were replicated with everything else.
    QCOMPARE(service.client().Get("/health", {{"Authorization", "Bearer " + tokenBefore}})->status, 204);

    // The old primary comes back read-only (as a standby would be): it is passed by, nothing is written
    // there.
    QVERIFY(m_primary.start({QStringLiteral("-o"), QStringLiteral("-c default_transaction_read_only=on")}));
    QVERIFY(m_primary.sql(QStringLiteral("SELECT 1"))); // it is up
    // The service's connections are cut, so it connects anew and must pass the old primary by.
    QVERIFY(m_standby.terminateConnections());
    QVERIFY(!service.createKey(project, QStringLiteral("third")).isEmpty());
    QCOMPARE(service.tokenStatus(keyId, secret), 200);
}

QTEST_GUILESS_MAIN(TestDatabaseFailover)
#include "tst_databasefailover.moc"

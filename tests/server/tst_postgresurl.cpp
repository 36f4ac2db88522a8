#include "ExpectedHelpers.h"
#include "ServiceFixture.h"
#include "service/DatabaseUrl.h"
#include "service/ServiceDatabase.h"

#include <QTest>

// The PostgreSQL URL's libpq parameters reach libpq (issue 11): before, everything but ?host= was dropped,
// so sslmode=verify-full was silently ignored. Runs on the test cluster, which speaks no TLS.
class TestPostgresUrl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parametersReachTheServer();
    void sslmodeRequireAgainstAServerWithoutTlsFails();

private:
    QString m_url;
};

void TestPostgresUrl::initTestCase()
{
    m_url = ServiceFixture::postgresUrl();
    if (m_url.isEmpty())
        QSKIP("no PostgreSQL test cluster (run through ctest)");
}

void TestPostgresUrl::parametersReachTheServer()
{
    auto url = DatabaseUrl::parse(m_url + QStringLiteral("&application_name=keydesk_probe&sslmode=disable"));
    KD_VERIFY_OK(url);
    ServiceDatabase db(url.value());
    auto rows = db.select(QStringLiteral("SELECT current_setting('application_name')"));
    KD_VERIFY_OK(rows);
    QCOMPARE(rows.value().first().first().toString(), QStringLiteral("keydesk_probe"));
}

void TestPostgresUrl::sslmodeRequireAgainstAServerWithoutTlsFails()
{
    // Over TCP: libpq ignores sslmode on a Unix socket. The same cluster without sslmode connects.
    auto socketUrl = DatabaseUrl::parse(m_url);
    KD_VERIFY_OK(socketUrl);
    const QString tcp = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
                            .arg(socketUrl.value().user)
                            .arg(socketUrl.value().port)
                            .arg(socketUrl.value().databaseName);
    ServiceDatabase plain(DatabaseUrl::parse(tcp + QStringLiteral("?sslmode=disable")).value());
    KD_VERIFY_OK(plain.select(QStringLiteral("SELECT 1")));
    ServiceConfig config;
    config.database = tcp + QStringLiteral("?sslmode=require");
    KeyDeskServer server(config, {});
    auto opened = server.open();
    QVERIFY2(!opened.ok(), "connected without TLS although sslmode=require");
}

QTEST_GUILESS_MAIN(TestPostgresUrl)
#include "tst_postgresurl.moc"

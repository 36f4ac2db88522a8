#include "ExpectedHelpers.h"
#include "ServiceFixture.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// --tls-cert/--tls-key: the service speaks HTTPS with a real certificate that a verifying client accepts.
class TestTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void servesHttpsToAVerifyingClient();
    void refusesPlainHttpOnTheTlsPort();
    void badCertificateFilesAreClearErrors();

private:
    bool makeCertificate(const QString& name);
    QTemporaryDir m_dir;
};

bool TestTls::makeCertificate(const QString& name)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                   m_dir.filePath(name + QStringLiteral(".key")), QStringLiteral("-out"),
                   m_dir.filePath(name + QStringLiteral(".pem"))});
    return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
}

void TestTls::initTestCase()
{
    QVERIFY(makeCertificate(QStringLiteral("server")));
    QVERIFY(makeCertificate(QStringLiteral("other")));
}

void TestTls::servesHttpsToAVerifyingClient()
{
    HttpServerConfig http;
    http.tlsCertificate = m_dir.filePath(QStringLiteral("server.pem"));
    http.tlsPrivateKey = m_dir.filePath(QStringLiteral("server.key"));
    ServiceFixture f(QStringLiteral("sqlite"), {}, Clock::system(), http);
    QVERIFY(f.start());
    QCOMPARE(f.server().baseUrl().scheme(), QStringLiteral("https"));
    httplib::SSLClient client("127.0.0.1", f.port());
    client.set_ca_cert_path(http.tlsCertificate.toStdString().c_str());
    client.enable_server_certificate_verification(true);
    auto res = client.Get("/livez");
    QVERIFY2(res, httplib::to_string(res.error()).c_str());
    QCOMPARE(res->status, 204);
    // A client that trusts another certificate refuses to talk.
    httplib::SSLClient wary("127.0.0.1", f.port());
    wary.set_ca_cert_path(m_dir.filePath(QStringLiteral("other.pem")).toStdString().c_str());
    wary.enable_server_certificate_verification(true);
    QVERIFY(!wary.Get("/livez"));
}

void TestTls::refusesPlainHttpOnTheTlsPort()
{
    HttpServerConfig http;
    http.tlsCertificate = m_dir.filePath(QStringLiteral("server.pem"));
    http.tlsPrivateKey = m_dir.filePath(QStringLiteral("server.key"));
    ServiceFixture f(QStringLiteral("sqlite"), {}, Clock::system(), http);
    QVERIFY(f.start());
    auto res = f.client().Get("/livez");
    QVERIFY(!res || res->status != 204);
}

void TestTls::badCertificateFilesAreClearErrors()
{
    ServiceConfig service;
    service.database = m_dir.filePath(QStringLiteral("tls.sqlite"));
    HttpServerConfig mismatched;
    mismatched.tlsCertificate = m_dir.filePath(QStringLiteral("server.pem"));
    mismatched.tlsPrivateKey = m_dir.filePath(QStringLiteral("other.key"));
    KeyDeskServer wrongKey(service, mismatched);
    auto started = wrongKey.start();
    QVERIFY(!started.ok());
    QCOMPARE(started.error().kind(), Error::Kind::Tls);

    HttpServerConfig missing;
    missing.tlsCertificate = m_dir.filePath(QStringLiteral("absent.pem"));
    missing.tlsPrivateKey = m_dir.filePath(QStringLiteral("absent.key"));
    KeyDeskServer noFiles(service, missing);
    auto notStarted = noFiles.start();
    QVERIFY(!notStarted.ok());
    QVERIFY(notStarted.error().message().contains(QStringLiteral("absent.pem")));

    HttpServerConfig half;
    half.tlsCertificate = m_dir.filePath(QStringLiteral("server.pem"));
    KeyDeskServer halfConfigured(service, half);
    QVERIFY(!halfConfigured.start().ok());
}

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"

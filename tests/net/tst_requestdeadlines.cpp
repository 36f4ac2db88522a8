#include "AwaitResult.h"
#include "FakeHttpServer.h"
#include "net/ServiceClient.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTest>

// The request deadline (Preferences, keydesk-cli's setting, 5 to 300 s) is every client's limit: no shorter
// inactivity timeout of Qt's ends a request first (keydesk-cli stopped at 14.9 s with the setting at 60).
class TestRequestDeadlines : public QObject
{
    Q_OBJECT

private slots:
    void noInactivityTimeoutEndsARequestBeforeItsDeadline();
};

namespace {

// Records the inactivity timeout of each request it is given.
class RecordingNetwork : public QNetworkAccessManager
{
public:
    QList<int> transferTimeouts;

protected:
    QNetworkReply* createRequest(Operation op, const QNetworkRequest& request, QIODevice* data) override
    {
        transferTimeouts << request.transferTimeout();
        return QNetworkAccessManager::createRequest(op, request, data);
    }
};

} // namespace

void TestRequestDeadlines::noInactivityTimeoutEndsARequestBeforeItsDeadline()
{
    FakeHttpServer peer([](const QByteArray&) {
        return FakeHttpServer::response(200,
                                        "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"projects\":[]}");
    });
    constexpr int deadlineMs = 60000;
    RecordingNetwork network;

    TokenClient tokens(&network);
    tokens.setDeadlineMs(deadlineMs);
    ProviderSettings provider;
    provider.tokenUrl = peer.url();
    provider.clientAuth = ProviderSettings::ClientAuth::HttpBasic;
    QVERIFY(awaitResult<AccessToken>([&](auto done) {
                tokens.requestToken(provider, QStringLiteral("id"), SecretBytes(QByteArrayLiteral("s")),
                                    done);
            }).ok());

    ServiceClient service(&network, peer.url(), SecretBytes(QByteArrayLiteral("kda_x")));
    service.setDeadlineMs(deadlineMs);
    QVERIFY(awaitResult<QList<Project>>([&](auto done) { service.listProjects(done); }).ok());

    TestCall call(&network);
    call.setDeadlineMs(deadlineMs);
    bool answered = false;
    call.run(peer.url(), ProviderSettings::HeaderStyle::XApiKey, SecretBytes(QByteArrayLiteral("k")), 200,
             [&](TestResult) { answered = true; });
    QTRY_VERIFY(answered);

    QCOMPARE(network.transferTimeouts.size(), 3);
    for (int timeout : network.transferTimeouts)
        QVERIFY2(timeout >= deadlineMs, qPrintable(QString::number(timeout)));
}

QTEST_MAIN(TestRequestDeadlines)
#include "tst_requestdeadlines.moc"

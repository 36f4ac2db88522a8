#include "ServiceFixture.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>

// Rate limits that protect instead of lock out (issue 11): failures are limited per source address and
// per key id, successes per authenticated key. A stranger who knows a key id (not a secret) cannot stop the
// real client, and failed /health attempts are limited too.
class TestAuthLimits : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void aStrangerHammeringAKnownKeyIdCannotStopTheRealClient();
    void failuresFromOneAddressAreLimitedBeforeAnyWork();
    void failedHealthChecksAreLimited();
    void manyAddressesFailingOnOneKeyGet429ButTheRightSecretPasses();
    void behindATrustedProxyTheForwardedAddressCounts();
    void aProxysOwnForwardedLineCannotBeOutvotedByTheClients();
    void headersThatMayComeOnceAreRefusedTwice();
    void wrongAdminTokensAreLimitedLikeWrongSecrets();

private:
    struct Reply
    {
        int status = 0;
        QByteArray head;
        QByteArray body;
    };
    // One request from `source` (an address in 127.0.0.0/8) on its own connection.
    Reply send(const QString& source, const QByteArray& request);
    Reply tokenFrom(const QString& source, const QString& keyId, const QString& secret);
    struct Key
    {
        QString keyId;
        QString secret;
    };
    Key makeKey();
    // The service again, believing X-Forwarded-For from these proxies.
    bool restartBehind(const QStringList& trustedProxies);

    std::unique_ptr<ServiceFixture> m_fixture;
};

void TestAuthLimits::init()
{
    ServiceConfig config;
    config.tokenRatePerSecond = 0.2; // successes: 3 at once, then one every 5 s
    config.tokenBurst = 3;
    config.failureRatePerSecond = 0.1; // failures: 5 at once, then one every 10 s
    config.failureBurst = 5;
    m_fixture = std::make_unique<ServiceFixture>(QStringLiteral("sqlite"), config);
    QVERIFY(m_fixture->start());
}

void TestAuthLimits::cleanup()
{
    m_fixture.reset();
}

TestAuthLimits::Reply TestAuthLimits::send(const QString& source, const QByteArray& request)
{
    QTcpSocket socket;
    if (!socket.bind(QHostAddress(source)))
        return {};
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_fixture->port()));
    if (!socket.waitForConnected(2000))
        return {};
    socket.write(request);
    QByteArray all;
    while (socket.waitForReadyRead(2000)) {
        all += socket.readAll();
        const qsizetype end = all.indexOf("\r\n\r\n");
        if (end < 0)
            continue;
        const qsizetype lengthAt = all.toLower().indexOf("content-length: ");
        const int length = lengthAt < 0 ? 0 : all.mid(lengthAt + 16, 10).split('\r').first().toInt();
        if (all.size() >= end + 4 + length)
            break;
    }
    Reply reply;
    const qsizetype end = all.indexOf("\r\n\r\n");
    reply.head = all.left(end);
    reply.body = all.mid(end + 4);
    reply.status = all.mid(9, 3).toInt();
    return reply;
}

TestAuthLimits::Reply TestAuthLimits::tokenFrom(const QString& source, const QString& keyId,
                                                const QString& secret)
{
    const QByteArray body = "grant_type=client_credentials&client_id=" + QUrl::toPercentEncoding(keyId) +
                            "&client_secret=" + QUrl::toPercentEncoding(secret);
    return send(source, "POST /oauth/token HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                            QByteArray::number(body.size()) + "\r\n\r\n" + body);
}

TestAuthLimits::Key TestAuthLimits::makeKey()
{
    auto project = m_fixture->postJson("/v1/projects", {{QStringLiteral("name"), QStringLiteral("P")}});
    const std::string pid = ServiceFixture::json(project).value(QLatin1String("id")).toString().toStdString();
    auto created =
        m_fixture->postJson("/v1/projects/" + pid + "/keys", {{QStringLiteral("name"), QStringLiteral("k")}});
    const QJsonObject key = ServiceFixture::json(created);
    return {key.value(QLatin1String("key_id")).toString(), key.value(QLatin1String("secret")).toString()};
}

void TestAuthLimits::aStrangerHammeringAKnownKeyIdCannotStopTheRealClient()
{
    const Key key = makeKey();
    for (int i = 0; i < 30; ++i)
        tokenFrom(QStringLiteral("127.0.0.66"), key.keyId, QStringLiteral("kds_guess%1").arg(i));
    const Reply real = tokenFrom(QStringLiteral("127.0.0.1"), key.keyId, key.secret);
    QVERIFY2(real.status == 200, real.body.constData());
    QVERIFY(real.body.contains("access_token"));
}

void TestAuthLimits::failuresFromOneAddressAreLimitedBeforeAnyWork()
{
    QList<int> statuses;
    for (int i = 0; i < 8; ++i)
        statuses << tokenFrom(QStringLiteral("127.0.0.77"), QStringLiteral("kd_unknown%1").arg(i),
                              QStringLiteral("wrong"))
                        .status;
    QCOMPARE(statuses.mid(0, 5), QList<int>({401, 401, 401, 401, 401}));
    QCOMPARE(statuses.mid(5), QList<int>({429, 429, 429}));
    const Reply limited =
        tokenFrom(QStringLiteral("127.0.0.77"), QStringLiteral("kd_x"), QStringLiteral("y"));
    QVERIFY2(limited.head.contains("Retry-After: "), limited.head.constData());
    QVERIFY(limited.body.contains("rate_limited"));
    // Even a right secret from that address waits now: the address is refused before anything is checked.
    const Key key = makeKey();
    QCOMPARE(tokenFrom(QStringLiteral("127.0.0.77"), key.keyId, key.secret).status, 429);
    // Another address is not affected.
    QCOMPARE(tokenFrom(QStringLiteral("127.0.0.1"), key.keyId, key.secret).status, 200);
}

void TestAuthLimits::failedHealthChecksAreLimited()
{
    QList<int> statuses;
    for (int i = 0; i < 7; ++i) {
        statuses << send(QStringLiteral("127.0.0.88"),
                         "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key: kds_wrong" +
                             QByteArray::number(i) + "\r\n\r\n")
                        .status;
    }
    QCOMPARE(statuses.mid(0, 5), QList<int>({401, 401, 401, 401, 401}));
    QCOMPARE(statuses.mid(5), QList<int>({429, 429}));
    const Key key = makeKey();
    QCOMPARE(send(QStringLiteral("127.0.0.1"), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                               "X-API-Key: " +
                                                   key.secret.toLatin1() + "\r\n\r\n")
                 .status,
             204);
}

void TestAuthLimits::manyAddressesFailingOnOneKeyGet429ButTheRightSecretPasses()
{
    // A guesser spread over many addresses stays under every per-address limit; the key id's own failure
    // count catches it. Its failures then get 429; the real client's right secret still gets a token.
    const Key key = makeKey();
    QList<int> statuses;
    for (int i = 0; i < 8; ++i)
        statuses
            << tokenFrom(QStringLiteral("127.0.1.%1").arg(i + 1), key.keyId, QStringLiteral("kds_no")).status;
    QCOMPARE(statuses.mid(0, 5), QList<int>({401, 401, 401, 401, 401}));
    QCOMPARE(statuses.mid(5), QList<int>({429, 429, 429}));
    QCOMPARE(tokenFrom(QStringLiteral("127.0.1.200"), key.keyId, key.secret).status, 200);
}

bool TestAuthLimits::restartBehind(const QStringList& trustedProxies)
{
    ServiceConfig config = m_fixture->config();
    config.database.clear();
    HttpServerConfig http;
    for (const QString& proxy : trustedProxies)
        http.trustedProxies << QHostAddress(proxy);
    m_fixture = std::make_unique<ServiceFixture>(QStringLiteral("sqlite"), config, Clock::system(), http);
    return m_fixture->start();
}

void TestAuthLimits::behindATrustedProxyTheForwardedAddressCounts()
{
    QVERIFY(restartBehind({QStringLiteral("127.0.0.50")}));
    auto viaProxy = [this](const QByteArray& forwardedFor) {
        return send(QStringLiteral("127.0.0.50"),
                    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key: kds_wrong\r\n"
                    "X-Forwarded-For: " +
                        forwardedFor + "\r\n\r\n")
            .status;
    };
    // One client behind the proxy fails too often (it claims to be 6.6.6.6 on the left: ignored)...
    for (int i = 0; i < 5; ++i)
        QCOMPARE(viaProxy("6.6.6.6, 203.0.113.7"), 401);
    QCOMPARE(viaProxy("6.6.6.6, 203.0.113.7"), 429);
    // ...and only it is refused: the proxy's other clients are not.
    QCOMPARE(viaProxy("203.0.113.8"), 401);
    // A peer that is not a trusted proxy cannot choose its address by sending the header.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(send(QStringLiteral("127.0.0.51"), "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                                    "X-API-Key: kds_wrong\r\nX-Forwarded-For: 198.51.100." +
                                                        QByteArray::number(i) + "\r\n\r\n")
                     .status,
                 401);
    QCOMPARE(send(QStringLiteral("127.0.0.51"),
                  "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  "X-API-Key: kds_wrong\r\nX-Forwarded-For: 198.51.100.99\r\n\r\n")
                 .status,
             429);
}

void TestAuthLimits::aProxysOwnForwardedLineCannotBeOutvotedByTheClients()
{
    QVERIFY(restartBehind({QStringLiteral("127.0.0.50")}));
    // HAProxy's `option forwardfor` appends a line of its own instead of extending the client's: the client
    // invents a new address on every request, the proxy says where it really came from.
    auto invented = [this](int i, const QByteArray& realAddress) {
        return send(QStringLiteral("127.0.0.50"),
                    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-API-Key: kds_wrong\r\n"
                    "X-Forwarded-For: 6.6.6." +
                        QByteArray::number(i) + "\r\nX-Forwarded-For: " + realAddress + "\r\n\r\n")
            .status;
    };
    for (int i = 0; i < 5; ++i)
        QCOMPARE(invented(i, "203.0.113.7"), 401);
    for (int i = 5; i < 40; ++i)
        QCOMPARE(invented(i, "203.0.113.7"), 429); // one client, whatever it claims
    QCOMPARE(invented(41, "203.0.113.8"), 401);    // the proxy's other clients pass
    // Three lines (two proxies, each appending): the rightmost untrusted entry is still the one counted.
    QVERIFY(restartBehind({QStringLiteral("127.0.0.50"), QStringLiteral("198.51.100.200")}));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(invented(i, "203.0.113.9\r\nX-Forwarded-For: 198.51.100.200"), 401);
    QCOMPARE(invented(6, "203.0.113.9\r\nX-Forwarded-For: 198.51.100.200"), 429);
}

void TestAuthLimits::headersThatMayComeOnceAreRefusedTwice()
{
    const Key key = makeKey();
    const QByteArray good = "X-API-Key: " + key.secret.toLatin1() + "\r\n";
    const QByteArray start = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    QCOMPARE(send(QStringLiteral("127.0.0.1"), start + good + "\r\n").status, 204);
    // Which copy counts would depend on who reads it: a proxy checks one, the service another.
    for (const QByteArray& twice :
         {QByteArray(good + "X-API-Key: kds_other\r\n"), QByteArray("X-API-Key: kds_other\r\n" + good),
          QByteArray("Authorization: Bearer a\r\nAuthorization: Bearer b\r\n" + good),
          QByteArray("Host: y\r\n" + good)}) {
        const Reply reply = send(QStringLiteral("127.0.0.1"), start + twice + "\r\n");
        QVERIFY2(reply.status == 400,
                 QByteArray(QByteArray::number(reply.status) + ' ' + reply.body).constData());
        QVERIFY2(reply.body.contains("repeated_header"), reply.body.constData());
    }
}

void TestAuthLimits::wrongAdminTokensAreLimitedLikeWrongSecrets()
{
    auto guess = [this](const QString& source) {
        return send(source, "GET /v1/projects HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            "Authorization: Bearer kda_guess\r\n\r\n")
            .status;
    };
    for (int i = 0; i < 5; ++i)
        QCOMPARE(guess(QStringLiteral("127.0.0.99")), 401);
    QCOMPARE(guess(QStringLiteral("127.0.0.99")), 429);
    // The real admin elsewhere is not affected.
    QCOMPARE(send(QStringLiteral("127.0.0.1"), "GET /v1/projects HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                               "Authorization: Bearer " +
                                                   QByteArray::fromStdString(m_fixture->adminToken) +
                                                   "\r\n\r\n")
                 .status,
             200);
}

QTEST_GUILESS_MAIN(TestAuthLimits)
#include "tst_authlimits.moc"

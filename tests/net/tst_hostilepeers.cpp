#include "FakeHttpServer.h"
#include "net/ServiceClient.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QTest>
#include <QTimer>

namespace {

// VmRSS of this process in KiB.
qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// A peer that answers at once with headers, then sends its body forever: `chunk` bytes every `intervalMs`
// (a trickle), or as fast as the client reads (a flood). Counts what it managed to send.
class EndlessPeer : public QTcpServer
{
public:
    EndlessPeer(int status, QByteArray chunk, int intervalMs) : m_chunk(std::move(chunk))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this, status, intervalMs] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, status, intervalMs] {
                    socket->readAll();
                    if (socket->property("answered").toBool())
                        return;
                    socket->setProperty("answered", true);
                    socket->write(
                        "HTTP/1.1 " + QByteArray::number(status) +
                        " X\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
                    if (intervalMs > 0) {
                        auto* timer = new QTimer(socket);
                        connect(timer, &QTimer::timeout, socket, [this, socket] { send(socket); });
                        timer->start(intervalMs);
                    } else {
                        connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket] {
                            if (socket->bytesToWrite() < 4 * m_chunk.size())
                                send(socket);
                        });
                        send(socket);
                    }
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(serverPort())); }
    qint64 sent = 0;

private:
    void send(QTcpSocket* socket)
    {
        if (socket->state() != QAbstractSocket::ConnectedState || sent > (qint64(1) << 30))
            return;
        sent += socket->write(m_chunk);
    }
    QByteArray m_chunk;
};

} // namespace

// Peers that try to hang KeyDesk or fill its memory: each gets a clear error within the deadline.
class TestHostilePeers : public QObject
{
    Q_OBJECT

private slots:
    void tokenBodyThatNeverEndsHitsTheDeadline();
    void serviceReplyThatNeverEndsHitsTheDeadline();
    void testCallReadsOnlyTheStartOfAGigabyte();
    void testCallThatTricklesHitsTheDeadline();
    void nothingIsSentWhereThePolicyForbids();

private:
    QNetworkAccessManager m_network;
};

void TestHostilePeers::tokenBodyThatNeverEndsHitsTheDeadline()
{
    // One byte every 100 ms: Qt's transfer timeout (inactivity) never fires, only the overall deadline does.
    EndlessPeer peer(200, "{", 100);
    TokenClient client(&m_network);
    client.setDeadlineMs(1500);
    ProviderSettings p;
    p.tokenUrl = peer.url();
    std::optional<Expected<AccessToken>> token;
    QElapsedTimer clock;
    clock.start();
    client.requestToken(p, QStringLiteral("id"), SecretBytes(QByteArrayLiteral("s")),
                        [&](Expected<AccessToken> r) { token.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 10000);
    QVERIFY(clock.elapsed() >= 1400 && clock.elapsed() < 5000);
    QVERIFY(!token->ok());
    QCOMPARE(token->error().kind(), Error::Kind::Timeout);
    QVERIFY2(token->error().message().contains(QStringLiteral("within 2 s")),
             qPrintable(token->error().message()));
}

void TestHostilePeers::serviceReplyThatNeverEndsHitsTheDeadline()
{
    EndlessPeer peer(200, "[", 100);
    QUrl base = peer.url();
    base.setPath(QString());
    ServiceClient client(&m_network, base, SecretBytes(QByteArrayLiteral("admin")));
    client.setDeadlineMs(1000);
    std::optional<Expected<QList<Project>>> projects;
    client.listProjects([&](Expected<QList<Project>> r) { projects.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(projects.has_value(), 10000);
    QVERIFY(!projects->ok());
    QCOMPARE(projects->error().kind(), Error::Kind::Timeout);
}

void TestHostilePeers::testCallReadsOnlyTheStartOfAGigabyte()
{
    EndlessPeer peer(200, QByteArray(64 * 1024, 'x'), 0);
    TestCall call(&m_network);
    call.setDeadlineMs(20000);
    const qint64 before = residentKb();
    std::optional<TestResult> result;
    QElapsedTimer clock;
    clock.start();
    call.run(peer.url(), ProviderSettings::HeaderStyle::Bearer, SecretBytes(QByteArrayLiteral("token")), 200,
             [&](TestResult r) { result = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(result->status, 200);
    QVERIFY2(result->passed, qPrintable(result->summary + QLatin1Char(' ') + result->explanation));
    QVERIFY2(peer.sent < 64 * 1024 * 1024, qPrintable(QString::number(peer.sent))); // it stopped reading
    QVERIFY2(residentKb() - before < 32 * 1024, qPrintable(QString::number(residentKb() - before)));
}

void TestHostilePeers::testCallThatTricklesHitsTheDeadline()
{
    EndlessPeer peer(401, "{", 100);
    TestCall call(&m_network);
    call.setDeadlineMs(1000);
    std::optional<TestResult> result;
    call.run(peer.url(), ProviderSettings::HeaderStyle::XApiKey, SecretBytes(QByteArrayLiteral("k")), 204,
             [&](TestResult r) { result = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
    QVERIFY(!result->passed);
    QCOMPARE(result->status, 0);
    QVERIFY2(result->explanation.contains(QStringLiteral("within 1 s")), qPrintable(result->explanation));
}

void TestHostilePeers::nothingIsSentWhereThePolicyForbids()
{
    // 0.0.0.0 reaches this machine on Linux, but it is not a loopback address: plain http to it would be
    // plain http to "anywhere" as far as the policy knows. The peer must receive nothing at all.
    FakeHttpServer peer([](const QByteArray&) { return FakeHttpServer::response(204, {}); });
    QUrl notLoopback = peer.url();
    notLoopback.setHost(QStringLiteral("0.0.0.0"));

    TokenClient tokens(&m_network);
    ProviderSettings p;
    p.tokenUrl = notLoopback;
    std::optional<Expected<AccessToken>> token;
    tokens.requestToken(p, QStringLiteral("id"), SecretBytes(QByteArrayLiteral("client-secret")),
                        [&](Expected<AccessToken> r) { token.emplace(std::move(r)); });
    QTRY_VERIFY(token.has_value());
    QVERIFY(!token->ok());
    QVERIFY(token->error().message().contains(QStringLiteral("https")));

    TestCall call(&m_network);
    std::optional<TestResult> tested;
    call.run(notLoopback, ProviderSettings::HeaderStyle::XApiKey, SecretBytes(QByteArrayLiteral("api-key")),
             204, [&](TestResult r) { tested = std::move(r); });
    QTRY_VERIFY(tested.has_value());
    QVERIFY(!tested->passed);
    QVERIFY(tested->explanation.contains(QStringLiteral("https")));

    ServiceClient service(&m_network, notLoopback, SecretBytes(QByteArrayLiteral("admin-token")));
    std::optional<Expected<void>> live;
    service.checkLive([&](Expected<void> r) { live.emplace(std::move(r)); });
    QTRY_VERIFY(live.has_value());
    QVERIFY(!live->ok());

    QTest::qWait(200);
    QVERIFY(peer.requests.isEmpty());
}

QTEST_GUILESS_MAIN(TestHostilePeers)
#include "tst_hostilepeers.moc"

#include "ServiceFixture.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>
#include <memory>
#include <vector>

// Clients that try to exhaust the service (issue 11): bodies that never end, headers that trickle in,
// more connections than anyone needs. Each is cut off by a cap or a deadline, and a well-behaved client
// from another address keeps being served meanwhile.
class TestAbusiveClients : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void endlessChunkedBodyIsRefusedWhileItIsRead();
    void moreSlowClientsThanWorkersDoNotBlockOthers();
    void aHeaderThatTricklesInIsCutOffAtTheDeadline();
    void oneAddressCannotTakeEveryConnection();
    void theTotalConnectionCapRefusesClearly();

private:
    // A connected socket from `source` (an address in 127.0.0.0/8), or nullptr.
    std::unique_ptr<QTcpSocket> connectFrom(const QString& source, int port);
    bool livezAnswers();
    ServiceFixture* m_fixture = nullptr;
};

void TestAbusiveClients::initTestCase()
{
    HttpServerConfig http;
    http.threads = 4;
    http.headerDeadlineSeconds = 2;
    http.keepAliveTimeoutSeconds = 30;
    http.readTimeoutSeconds = 30;
    http.maxConnectionsPerAddress = 20;
    m_fixture = new ServiceFixture(QStringLiteral("sqlite"), {}, Clock::system(), http);
    QVERIFY(m_fixture->start());
}

void TestAbusiveClients::cleanupTestCase()
{
    delete m_fixture;
}

std::unique_ptr<QTcpSocket> TestAbusiveClients::connectFrom(const QString& source, int port)
{
    auto socket = std::make_unique<QTcpSocket>();
    if (!socket->bind(QHostAddress(source)))
        return nullptr;
    socket->connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    if (!socket->waitForConnected(2000))
        return nullptr;
    return socket;
}

bool TestAbusiveClients::livezAnswers()
{
    auto res = m_fixture->client().Get("/livez");
    return res && res->status == 204;
}

void TestAbusiveClients::endlessChunkedBodyIsRefusedWhileItIsRead()
{
    // No length announced: the cap can only be applied while reading. The 413 must come long before the
    // 64 MiB the client means to send (a server that reads first and checks after answers only at the end).
    auto socket = connectFrom(QStringLiteral("127.0.0.2"), m_fixture->port());
    QVERIFY(socket);
    socket->write("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n");
    const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, 'a') + "\r\n";
    qint64 sent = 0;
    QByteArray reply;
    while (sent < 64 * 1024 * 1024 && socket->state() == QAbstractSocket::ConnectedState) {
        socket->write(chunk);
        socket->waitForBytesWritten(200);
        sent += chunk.size();
        if (socket->waitForReadyRead(0) || socket->bytesAvailable() > 0)
            reply += socket->readAll();
        if (reply.contains("\r\n\r\n"))
            break;
    }
    reply += socket->readAll();
    QVERIFY2(reply.startsWith("HTTP/1.1 413"), reply.left(200).constData());
    QVERIFY(reply.contains("payload_too_large"));
    QVERIFY2(sent < 16 * 1024 * 1024, qPrintable(QString::number(sent)));
    QVERIFY(livezAnswers());
}

void TestAbusiveClients::moreSlowClientsThanWorkersDoNotBlockOthers()
{
    // 4 workers, 60 clients sending half a request line each: a thread-per-connection server is full.
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < 60; ++i) {
        auto socket = connectFrom(QStringLiteral("127.0.0.%1").arg(10 + i / 15), m_fixture->port());
        QVERIFY(socket);
        socket->write("GET /liv");
        socket->waitForBytesWritten(500);
        slow.push_back(std::move(socket));
    }
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 20; ++i)
        QVERIFY(livezAnswers());
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
}

void TestAbusiveClients::aHeaderThatTricklesInIsCutOffAtTheDeadline()
{
    // One header line every 200 ms never trips a read timeout; the 2 s deadline for the whole header does.
    auto socket = connectFrom(QStringLiteral("127.0.0.3"), m_fixture->port());
    QVERIFY(socket);
    socket->write("GET /livez HTTP/1.1\r\nHost: x\r\n");
    QElapsedTimer timer;
    timer.start();
    int line = 0;
    while (socket->state() == QAbstractSocket::ConnectedState && timer.elapsed() < 6000) {
        socket->write(QByteArray("X-Slow-") + QByteArray::number(line++) + ": 1\r\n");
        socket->waitForBytesWritten(100);
        socket->waitForDisconnected(200);
    }
    QCOMPARE(socket->state(), QAbstractSocket::UnconnectedState);
    QVERIFY2(timer.elapsed() >= 1500 && timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
}

void TestAbusiveClients::oneAddressCannotTakeEveryConnection()
{
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 20; ++i) {
        auto socket = connectFrom(QStringLiteral("127.0.0.4"), m_fixture->port());
        QVERIFY(socket);
        held.push_back(std::move(socket));
    }
    QTest::qWait(100); // the server has taken them all
    auto extra = connectFrom(QStringLiteral("127.0.0.4"), m_fixture->port());
    QVERIFY(extra);
    QByteArray reply;
    for (int i = 0; i < 20 && !reply.contains("}"); ++i) {
        extra->waitForReadyRead(100);
        reply += extra->readAll();
    }
    QVERIFY2(reply.startsWith("HTTP/1.1 503"), reply.constData());
    QVERIFY(reply.contains("too_many_connections"));
    QVERIFY(reply.contains("Retry-After: 1"));
    QVERIFY(livezAnswers()); // another address is still served

    held.clear(); // once they go, the address may connect again
    QTRY_VERIFY_WITH_TIMEOUT(
        [this] {
            auto again = connectFrom(QStringLiteral("127.0.0.4"), m_fixture->port());
            if (!again)
                return false;
            again->write("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n");
            again->waitForReadyRead(1000);
            return again->readAll().startsWith("HTTP/1.1 204");
        }(),
        3000);
}

void TestAbusiveClients::theTotalConnectionCapRefusesClearly()
{
    HttpServerConfig http;
    http.maxConnections = 10;
    ServiceFixture capped(QStringLiteral("sqlite"), {}, Clock::system(), http);
    QVERIFY(capped.start());
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 10; ++i) {
        auto socket = connectFrom(QStringLiteral("127.0.0.%1").arg(20 + i), capped.port());
        QVERIFY(socket);
        held.push_back(std::move(socket));
    }
    QTest::qWait(100);
    auto extra = connectFrom(QStringLiteral("127.0.0.40"), capped.port());
    QVERIFY(extra);
    QByteArray reply;
    for (int i = 0; i < 20 && !reply.contains("}"); ++i) {
        extra->waitForReadyRead(100);
        reply += extra->readAll();
    }
    QVERIFY2(reply.startsWith("HTTP/1.1 503"), reply.constData());
}

QTEST_GUILESS_MAIN(TestAbusiveClients)
#include "tst_abusiveclients.moc"

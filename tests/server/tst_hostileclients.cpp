#include "ServiceFixture.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

// Slow, broken and hostile clients on a raw socket. Each gets a 4xx or is dropped after the read timeout,
// and none of them stops another client being served meanwhile.
class TestHostileClients : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void garbageGetsBadRequest_data();
    void garbageGetsBadRequest();
    void oversizedBodyIsRefusedBeforeItIsRead();
    void halfSentBodyIsDroppedAfterTheReadTimeout();
    void idleConnectionIsDropped();
    void slowClientsDoNotBlockOthers();

private:
    QByteArray exchange(const QByteArray& request, int waitMs = 3000);
    bool livezAnswers();
    ServiceFixture* m_fixture = nullptr;
};

void TestHostileClients::initTestCase()
{
    HttpServerConfig http;
    http.readTimeoutSeconds = 1;
    http.keepAliveTimeoutSeconds = 1;
    http.threads = 8;
    m_fixture = new ServiceFixture(QStringLiteral("sqlite"), {}, Clock::system(), http);
    QVERIFY(m_fixture->start());
}

void TestHostileClients::cleanupTestCase()
{
    delete m_fixture;
}

QByteArray TestHostileClients::exchange(const QByteArray& request, int waitMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_fixture->port()));
    if (!socket.waitForConnected(2000))
        return "connect failed";
    socket.write(request);
    socket.waitForBytesWritten(2000);
    QByteArray reply;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < waitMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(100))
            reply += socket.readAll();
        if (reply.contains("\r\n\r\n") && reply.contains("}"))
            break;
    }
    return reply + socket.readAll();
}

bool TestHostileClients::livezAnswers()
{
    auto res = m_fixture->client().Get("/livez");
    return res && res->status == 204;
}

void TestHostileClients::garbageGetsBadRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("not http") << QByteArray("\x16\x03\x01\x02\x00garbage\r\n\r\n") << QByteArray("400");
    QTest::newRow("no version") << QByteArray("GET /livez\r\n\r\n") << QByteArray("400");
    QTest::newRow("conflicting content-length")
        << QByteArray("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: 5\r\nContent-Length: 50\r\n\r\nhello")
        << QByteArray("400");
    QTest::newRow("negative content-length")
        << QByteArray("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
        << QByteArray("4");
    QTest::newRow("oversized header")
        << (QByteArray("GET /livez HTTP/1.1\r\nHost: x\r\nX-Junk: ") + QByteArray(20000, 'a') + "\r\n\r\n")
        << QByteArray("4");
    QTest::newRow("oversized uri") << (QByteArray("GET /") + QByteArray(20000, 'a') +
                                       " HTTP/1.1\r\nHost: x\r\n\r\n")
                                   << QByteArray("4");
}

void TestHostileClients::garbageGetsBadRequest()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, status);
    const QByteArray reply = exchange(request);
    // Either a 4xx status line, or (for bytes that are not HTTP at all) the connection closed unanswered.
    const QByteArray expected = QByteArray("HTTP/1.1 ").append(status);
    QVERIFY2(reply.isEmpty() || reply.startsWith(expected), reply.left(200).constData());
    if (!reply.isEmpty() && status == "400")
        QVERIFY2(reply.contains("application/json") || reply.contains("Content-Length: 0"),
                 reply.constData());
    QVERIFY(livezAnswers());
}

void TestHostileClients::oversizedBodyIsRefusedBeforeItIsRead()
{
    // Announce 100 MB and send none of it: the answer must come from the header alone.
    QElapsedTimer timer;
    timer.start();
    const QByteArray reply =
        exchange("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: 104857600\r\n\r\n{");
    QVERIFY2(reply.startsWith("HTTP/1.1 413"), reply.constData());
    QVERIFY(reply.contains("payload_too_large"));
    QVERIFY(timer.elapsed() < 900); // before the 1 s read timeout: it did not wait for the body
}

void TestHostileClients::halfSentBodyIsDroppedAfterTheReadTimeout()
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_fixture->port()));
    QVERIFY(socket.waitForConnected(2000));
    socket.write("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: 100\r\n\r\n{\"grant_type\":");
    QVERIFY(socket.waitForBytesWritten(1000));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(livezAnswers()); // others are served while it dawdles
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
        socket.waitForDisconnected(100);
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
}

void TestHostileClients::idleConnectionIsDropped()
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(m_fixture->port()));
    QVERIFY(socket.waitForConnected(2000));
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 6000)
        socket.waitForDisconnected(100);
    QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(timer.elapsed() < 4000);
}

void TestHostileClients::slowClientsDoNotBlockOthers()
{
    // Fewer slow clients than workers: every other request is still answered at once.
    QList<QTcpSocket*> slow;
    for (int i = 0; i < 5; ++i) {
        auto* s = new QTcpSocket(this);
        s->connectToHost(QStringLiteral("127.0.0.1"), quint16(m_fixture->port()));
        QVERIFY(s->waitForConnected(2000));
        s->write("GET /liv");
        slow << s;
    }
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 20; ++i)
        QVERIFY(livezAnswers());
    QVERIFY(timer.elapsed() < 1000);
    qDeleteAll(slow);
}

QTEST_GUILESS_MAIN(TestHostileClients)
#include "tst_hostileclients.moc"

#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <functional>

// A misbehaving HTTP peer for client tests: answers every request with whatever `reply` returns (or never
// answers when it returns an empty array), and records the raw requests it received.
class FakeHttpServer : public QTcpServer
{
public:
    using Reply = std::function<QByteArray(const QByteArray& request)>;

    explicit FakeHttpServer(Reply reply) : m_reply(std::move(reply))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffer[socket] += socket->readAll();
                    const QByteArray& request = m_buffer[socket];
                    const qsizetype headerEnd = request.indexOf("\r\n\r\n");
                    if (headerEnd < 0)
                        return;
                    requests << request;
                    const QByteArray answer = m_reply(request);
                    if (!answer.isEmpty()) {
                        socket->write(answer);
                        socket->flush();
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }

    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(serverPort())); }
    static QByteArray response(int status, const QByteArray& body, const QByteArray& extraHeaders = {},
                               const QByteArray& type = "application/json")
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + type +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n" +
               extraHeaders + "\r\n" + body;
    }

    QList<QByteArray> requests;

private:
    Reply m_reply;
    QHash<QTcpSocket*, QByteArray> m_buffer;
};

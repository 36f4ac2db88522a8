#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>

SingleInstance::SingleInstance(const QString& dataDir, QObject* parent)
    : QObject(parent), m_lock(QDir(dataDir).filePath(QStringLiteral("keydesk.lock")))
{
    // One socket name per data folder, short enough for sockaddr_un.
    m_socketName = QStringLiteral("keydesk-") +
                   QString::fromLatin1(QCryptographicHash::hash(QDir(dataDir).absolutePath().toUtf8(),
                                                                QCryptographicHash::Sha256)
                                           .toHex()
                                           .left(16));
    m_lock.setStaleLockTime(0); // a crashed instance's lock is detected by its dead PID, not by age
}

SingleInstance::~SingleInstance() = default;

bool SingleInstance::acquire()
{
    if (!m_lock.tryLock(100)) {
        QLocalSocket socket;
        socket.connectToServer(m_socketName);
        if (socket.waitForConnected(1000)) {
            socket.write("activate\n");
            socket.waitForBytesWritten(1000);
        }
        return false;
    }
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    QLocalServer::removeServer(m_socketName); // left over from a crash: we hold the lock, so it is ours
    if (m_server->listen(m_socketName)) {
        connect(m_server, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket* peer = m_server->nextPendingConnection()) {
                connect(peer, &QLocalSocket::readyRead, this, [this, peer] {
                    if (peer->readAll().startsWith("activate"))
                        emit activationRequested();
                    peer->deleteLater();
                });
            }
        });
    }
    return true;
}

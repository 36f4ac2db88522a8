#include "EmbeddedService.h"

#include <QDir>

Expected<void> EmbeddedService::start(const QString& dataDir)
{
    ServiceConfig service;
    service.database = QDir(dataDir).filePath(QStringLiteral("service.sqlite"));
    HttpServerConfig http;
    http.host = QStringLiteral("127.0.0.1");
    http.port = 0;
    http.threads = 8;
    http.logRequests = false;
    m_server = std::make_unique<KeyDeskServer>(service, http);
    if (auto opened = m_server->open(); !opened)
        return opened;
    auto session = m_server->keys().addSessionToken();
    if (!session)
        return Error(Error::Kind::Storage, session.error().message);
    m_sessionId = session.value().id;
    m_adminToken = std::move(session.value().token);
    auto port = m_server->start();
    if (!port)
        return port.error();
    return {};
}

void EmbeddedService::stop()
{
    if (m_server) {
        m_server->stop();
        if (!m_sessionId.isEmpty())
            m_server->keys().removeSessionToken(m_sessionId);
    }
    m_sessionId.clear();
    m_adminToken.clear();
}

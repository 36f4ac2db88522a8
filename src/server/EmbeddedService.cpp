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
    auto token = m_server->keys().rotateAdminToken();
    if (!token)
        return Error(Error::Kind::Storage, token.error().message);
    m_adminToken = std::move(token).value();
    auto port = m_server->start();
    if (!port)
        return port.error();
    return {};
}

void EmbeddedService::stop()
{
    if (m_server)
        m_server->stop();
    m_adminToken.clear();
}

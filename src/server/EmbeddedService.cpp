#include "EmbeddedService.h"

#include <QDir>

namespace {

// Changes made through the embedded service are recorded as the person logged in here.
QString localUserName()
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return PeopleDirectory::isValidName(user) ? user : QStringLiteral("local");
}

} // namespace

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
    auto session = m_server->people().addSessionToken(localUserName());
    if (!session)
        return Error(Error::Kind::Storage, session.error().message);
    m_sessionId = session.value().id;
    m_adminToken = std::move(session.value().token);
    auto port = m_server->start();
    if (!port)
        return port.error();
    m_stop = false;
    m_renewer = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_stopping.wait_for(lock, std::chrono::hours(1), [this] { return m_stop; }))
            m_server->people().renewSessionToken(m_sessionId);
    });
    return {};
}

void EmbeddedService::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_stopping.notify_all();
    if (m_renewer.joinable())
        m_renewer.join();
    if (m_server) {
        m_server->stop();
        if (!m_sessionId.isEmpty())
            m_server->people().removeSessionToken(m_sessionId);
    }
    m_sessionId.clear();
    m_adminToken.clear();
}

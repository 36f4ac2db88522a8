#include "KeyDeskServer.h"

KeyDeskServer::KeyDeskServer(ServiceConfig service, HttpServerConfig http, const Clock& clock)
    : m_serviceConfig(std::move(service)), m_httpConfig(std::move(http)), m_clock(clock)
{}

KeyDeskServer::~KeyDeskServer()
{
    stop();
}

Expected<void> KeyDeskServer::open()
{
    auto url = DatabaseUrl::parse(m_serviceConfig.database);
    if (!url)
        return url.error();
    if (!m_serviceConfig.databasePasswordFile.isEmpty()) {
        if (auto read = url.value().readPasswordFile(m_serviceConfig.databasePasswordFile); !read)
            return read.error();
    }
    m_db = std::make_unique<ServiceDatabase>(url.value(), m_serviceConfig.createDatabase);
    m_audit = std::make_unique<AuditLog>(*m_db, m_clock, m_serviceConfig.eventRetentionDays);
    m_keys = std::make_unique<KeyService>(*m_db, *m_audit, m_serviceConfig, m_clock);
    m_people = std::make_unique<PeopleDirectory>(*m_db, *m_audit, m_clock);
    if (auto opened = m_keys->open(); !opened)
        return Error(Error::Kind::Storage, opened.error().message);
    m_tokens = std::make_unique<TokenService>(*m_keys);
    return {};
}

Expected<int> KeyDeskServer::start()
{
    if (!m_keys) {
        if (auto opened = open(); !opened)
            return opened.error();
    }
    m_http = std::make_unique<HttpServer>(*m_keys, *m_tokens, *m_people, m_httpConfig);
    return m_http->start();
}

void KeyDeskServer::stop()
{
    if (m_http)
        m_http->stop();
    if (m_audit) // the counts of key use not written yet
        m_audit->flush();
}

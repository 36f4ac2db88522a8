#pragma once

#include "HttpServer.h"
#include "HttpServerConfig.h"
#include "core/Clock.h"
#include "service/AuditLog.h"
#include "service/KeyService.h"
#include "service/PeopleDirectory.h"
#include "service/ServiceConfig.h"
#include "service/ServiceDatabase.h"
#include "service/TokenService.h"

#include <memory>

// One whole credential service: database, key and token logic, HTTP. keydesk-server runs one; the app
// embeds one on 127.0.0.1; tests start as many as they like on port 0.
class KeyDeskServer
{
public:
    KeyDeskServer(ServiceConfig service, HttpServerConfig http, const Clock& clock = Clock::system());
    ~KeyDeskServer();

    // Opens (creating/upgrading) the database.
    Expected<void> open();
    // Starts serving; returns the bound port.
    Expected<int> start();
    void stop();

    QUrl baseUrl() const { return m_http ? m_http->baseUrl() : QUrl(); }
    KeyService& keys() { return *m_keys; }
    PeopleDirectory& people() { return *m_people; }
    AuditLog& audit() { return *m_audit; }
    TokenService& tokens() { return *m_tokens; }

private:
    ServiceConfig m_serviceConfig;
    HttpServerConfig m_httpConfig;
    const Clock& m_clock;
    std::unique_ptr<ServiceDatabase> m_db;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<KeyService> m_keys;
    std::unique_ptr<PeopleDirectory> m_people;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<HttpServer> m_http;
};

#pragma once

#include "Authorization.h"
#include "HttpServerConfig.h"
#include "Router.h"
#include "core/Expected.h"

#include <QUrl>
#include <memory>

class KeyService;
class PeopleDirectory;
class TokenService;
struct HttpRequest;
struct HttpResponse;

// The service's HTTP front, built for hostile clients: event-driven network I/O (Boost.Beast on Asio) with
// deadlines, size caps and connection caps, and a bounded pool of workers running the admin and auth
// routes. docs/security.md says what it defends against and how that is tested.
class HttpServer
{
public:
    HttpServer(KeyService& keys, TokenService& tokens, PeopleDirectory& people, HttpServerConfig config);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on threads of its own; returns the port.
    Expected<int> start();
    void stop();
    int port() const { return m_port; }
    QUrl baseUrl() const;

private:
    struct Network;
    HttpResponse serve(const HttpRequest& request) const;
    void logRequest(const HttpRequest& request, const HttpResponse& response, double milliseconds) const;

    HttpServerConfig m_config;
    Authorization m_authorization;
    Router m_router;
    std::unique_ptr<Network> m_network;
    int m_port = 0;
};

#pragma once

#include "HttpServerConfig.h"
#include "Router.h"
#include "core/Expected.h"

#include <QUrl>
#include <memory>
#include <thread>

class KeyService;
class TokenService;

namespace httplib {
class Server;
}

// The service's HTTP front: cpp-httplib configured for speed (TCP_NODELAY, a worker pool) and for
// hostile clients (body cap, read/write timeouts), routing to the admin and auth routes.
class HttpServer
{
public:
    HttpServer(KeyService& keys, TokenService& tokens, HttpServerConfig config);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts serving on a thread of its own; returns the port.
    Expected<int> start();
    void stop();
    int port() const { return m_port; }
    QUrl baseUrl() const;

private:
    void configure();
    void logRequest(const httplib::Request& req, const httplib::Response& res);

    HttpServerConfig m_config;
    Router m_router;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = 0;
    int m_listenSocket = -1;
};

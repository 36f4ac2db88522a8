#include "HttpServer.h"

#include "AdminRoutes.h"
#include "AuthRoutes.h"
#include "HttpExchange.h"
#include "core/Rfc3339.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <chrono>
#include <cstdio>
#include <httplib.h>
#include <sys/socket.h>

namespace {

using SteadyClock = std::chrono::steady_clock;
thread_local SteadyClock::time_point t_requestStart{};

// Errors cpp-httplib produces before our routes run, in the service's JSON form.
ApiError frameworkError(int status)
{
    switch (status) {
    case 400:
        return {status, "bad_request",
                QCoreApplication::translate("HttpServer", "The request is malformed.")};
    case 408:
        return {status, "request_timeout",
                QCoreApplication::translate("HttpServer", "The request was not sent in time.")};
    case 413:
        return {status, "payload_too_large",
                QCoreApplication::translate("HttpServer",
                                            "The request body is larger than the service accepts.")};
    case 414:
        return {status, "uri_too_long",
                QCoreApplication::translate("HttpServer", "The request URI is too long.")};
    case 416:
        return {status, "range_not_satisfiable",
                QCoreApplication::translate("HttpServer", "Range requests are not supported.")};
    case 431:
        return {status, "headers_too_large",
                QCoreApplication::translate("HttpServer", "The request headers are too large.")};
    default:
        return {status, "error",
                QCoreApplication::translate("HttpServer", "The request could not be served.")};
    }
}

} // namespace

HttpServer::HttpServer(KeyService& keys, TokenService& tokens, HttpServerConfig config)
    : m_config(std::move(config))
{
    AuthRoutes::install(m_router, tokens);
    AdminRoutes::install(m_router, keys);
}

HttpServer::~HttpServer()
{
    stop();
}

QUrl HttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_config.tlsCertificate.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"));
    url.setHost(m_config.host);
    url.setPort(m_port);
    return url;
}

void HttpServer::configure()
{
    httplib::Server& s = *m_server;
    const int threads = m_config.threads;
    s.new_task_queue = [threads] {
        return new httplib::ThreadPool(size_t(threads));
    };
    s.set_tcp_nodelay(true); // without it every small reply waits ~40 ms for a delayed ACK
    s.set_payload_max_length(m_config.maxBodyBytes);
    s.set_read_timeout(m_config.readTimeoutSeconds, 0);
    s.set_write_timeout(m_config.writeTimeoutSeconds, 0);
    s.set_keep_alive_timeout(m_config.keepAliveTimeoutSeconds);
    s.set_keep_alive_max_count(size_t(m_config.keepAliveMaxCount));
    s.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
    // cpp-httplib's default sets SO_REUSEPORT, which lets a second process bind our port unnoticed.
    // SO_REUSEADDR alone allows quick restarts; the socket is remembered to widen its backlog.
    s.set_socket_options([this](socket_t fd) {
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        m_listenSocket = fd;
    });

    const std::size_t maxBody = m_config.maxBodyBytes;
    s.set_pre_routing_handler([maxBody](const httplib::Request& req, httplib::Response& res) {
        t_requestStart = SteadyClock::now();
        // Refuse an announced oversized body from its header, before cpp-httplib would read and discard
        // it (up to the read timeout), and close the connection since the body stays unread.
        const std::string length = req.get_header_value("Content-Length");
        const bool digits = !length.empty() && length.find_first_not_of("0123456789") == std::string::npos;
        if (digits && (length.size() > 12 || std::stoull(length) > maxBody)) {
            res.set_header("Connection", "close");
            HttpExchange::sendError(res, frameworkError(413));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Every method lands in our router, which knows the difference between 404 and 405.
    auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
        m_router.dispatch(req, res);
    };
    s.Get(".*", dispatch);
    s.Post(".*", dispatch);
    s.Put(".*", dispatch);
    s.Patch(".*", dispatch);
    s.Delete(".*", dispatch);
    s.Options(".*", dispatch);

    // Errors cpp-httplib raises itself (malformed framing, 413, 414...) get our JSON body too.
    s.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled;
            HttpExchange::sendError(res, frameworkError(res.status));
            return httplib::Server::HandlerResponse::Handled;
        }));
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        HttpExchange::sendError(res, ApiError::internal(QCoreApplication::translate(
                                         "HttpServer", "The service hit an unexpected error.")));
    });
    if (m_config.logRequests)
        s.set_logger(
            [this](const httplib::Request& req, const httplib::Response& res) { logRequest(req, res); });
}

void HttpServer::logRequest(const httplib::Request& req, const httplib::Response& res)
{
    // One line per request. Never headers or bodies: they carry secrets and tokens.
    double ms = -1;
    if (t_requestStart != SteadyClock::time_point{}) {
        ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - t_requestStart).count();
        t_requestStart = {};
    }
    const QString keyId = HttpExchange::takeKeyId();
    const QByteArray line = Rfc3339::format(QDateTime::currentDateTimeUtc()).toLatin1() + ' ' +
                            QByteArray::fromStdString(req.method) + ' ' +
                            QByteArray::fromStdString(req.path).left(200) + ' ' +
                            QByteArray::number(res.status) + ' ' + QByteArray::number(ms, 'f', 2) + "ms" +
                            (keyId.isEmpty() ? QByteArray() : " key_id=" + keyId.toLatin1()) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}

Expected<int> HttpServer::start()
{
    stop();
    if (m_config.tlsCertificate.isEmpty() != m_config.tlsPrivateKey.isEmpty()) {
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("HttpServer", "TLS needs both --tls-cert and --tls-key."));
    }
    if (m_config.tlsCertificate.isEmpty()) {
        m_server = std::make_unique<httplib::Server>();
    } else {
        for (const QString& file : {m_config.tlsCertificate, m_config.tlsPrivateKey}) {
            if (!QFileInfo(file).isReadable())
                return Error(
                    Error::Kind::InvalidInput,
                    QCoreApplication::translate("HttpServer", "Cannot read the TLS file %1.").arg(file));
        }
        auto tls = std::make_unique<httplib::SSLServer>(m_config.tlsCertificate.toLocal8Bit().constData(),
                                                        m_config.tlsPrivateKey.toLocal8Bit().constData());
        if (!tls->is_valid())
            return Error(Error::Kind::Tls,
                         QCoreApplication::translate(
                             "HttpServer",
                             "The TLS certificate or key could not be loaded (PEM expected, and "
                             "the key must match the certificate)."));
        m_server = std::move(tls);
    }
    configure();
    const std::string host = m_config.host.toStdString();
    if (m_config.port == 0) {
        m_port = m_server->bind_to_any_port(host);
    } else {
        m_port = m_server->bind_to_port(host, m_config.port) ? m_config.port : -1;
    }
    if (m_port <= 0) {
        m_server.reset();
        m_port = 0;
        return Error(Error::Kind::Network,
                     QCoreApplication::translate(
                         "HttpServer",
                         "Could not listen on %1:%2 (address in use, or not an address of this machine).")
                         .arg(m_config.host)
                         .arg(m_config.port));
    }
    // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections would see SYNs dropped
    // and 1 s retransmits. Calling listen() again on the bound socket raises it.
    ::listen(m_listenSocket, SOMAXCONN);
    m_thread = std::thread([server = m_server.get()] { server->listen_after_bind(); });
    return m_port;
}

void HttpServer::stop()
{
    if (!m_server)
        return;
    m_server->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_server.reset();
}

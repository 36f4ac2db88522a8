#include "HttpServer.h"

#include "AdminRoutes.h"
#include "AuthRoutes.h"
#include "ConnectionLimits.h"
#include "EventRoutes.h"
#include "HttpExchange.h"
#include "HttpLayerErrors.h"
#include "HttpSession.h"
#include "PeopleRoutes.h"
#include "WorkerPool.h"
#include "core/LogField.h"
#include "core/Rfc3339.h"
#include "service/TokenService.h"

#include <QDateTime>
#include <QFileInfo>
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdio>
#include <optional>
#include <sys/resource.h>
#include <thread>

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Descriptors kept free for the database, the log and the listening socket itself.
constexpr rlim_t ReservedDescriptors = 64;

int connectionCap(int configured)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return configured;
    const rlim_t usable =
        limit.rlim_cur > ReservedDescriptors * 2 ? limit.rlim_cur - ReservedDescriptors : limit.rlim_cur / 2;
    return int(std::min<rlim_t>(rlim_t(configured), usable));
}

int ioThreadCount(int configured)
{
    if (configured > 0)
        return configured;
    return int(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

// The whole reply to a connection over the cap, written once: it must cost nothing to send.
std::string refusalReply()
{
    HttpResponse response;
    HttpExchange::sendError(response, HttpLayerErrors::tooManyConnections());
    std::string reply = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n";
    for (const auto& [name, value] : response.headers)
        reply += name + ": " + value + "\r\n";
    reply += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n" + response.body;
    return reply;
}

} // namespace

struct HttpServer::Network
{
    Network(const HttpServerConfig& config, std::function<HttpResponse(const HttpRequest&)> serve)
        : limits(connectionCap(config.maxConnections), config.maxConnectionsPerAddress),
          workers(config.threads, config.queueLimit), sessions{config, workers, std::move(serve)},
          refusal(refusalReply())
    {}

    void accept();
    void onAccepted(beast::error_code ec, tcp::socket socket);
    void refuse(tcp::socket socket);

    // Declared in the order they must outlive each other: sessions destroyed with the io_context still
    // give their slot back to `limits`.
    ConnectionLimits limits;
    WorkerPool workers;
    HttpSessionContext sessions;
    const std::string refusal;
    net::io_context io;
    tcp::acceptor acceptor{io};
    net::steady_timer acceptRetry{io};
    std::optional<net::ssl::context> tls;
    std::vector<std::thread> threads;
};

void HttpServer::Network::accept()
{
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
        onAccepted(ec, std::move(socket));
    });
}

void HttpServer::Network::onAccepted(beast::error_code ec, tcp::socket socket)
{
    if (ec == net::error::operation_aborted)
        return;
    if (ec) {
        // Out of descriptors (or a connection reset before it was taken): pause instead of spinning.
        acceptRetry.expires_after(std::chrono::milliseconds(100));
        acceptRetry.async_wait([this](beast::error_code waited) {
            if (!waited)
                accept();
        });
        return;
    }
    beast::error_code ignored;
    const std::string address = socket.remote_endpoint(ignored).address().to_string();
    if (auto slot = limits.admit(address); !slot) {
        refuse(std::move(socket));
    } else if (tls) {
        std::make_shared<HttpSession<TlsStream>>(TlsStream(std::move(socket), *tls), sessions,
                                                 std::move(slot), address)
            ->start();
    } else {
        std::make_shared<HttpSession<PlainStream>>(PlainStream(std::move(socket)), sessions, std::move(slot),
                                                   address)
            ->start();
    }
    accept();
}

void HttpServer::Network::refuse(tcp::socket socket)
{
    if (tls)
        return; // a TLS handshake would cost more than the connection is worth: just close
    auto stream = std::make_shared<PlainStream>(std::move(socket));
    stream->expires_after(std::chrono::seconds(2));
    net::async_write(*stream, net::buffer(refusal), [stream](beast::error_code, std::size_t) {
        beast::error_code ignored;
        stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
}

HttpServer::HttpServer(KeyService& keys, TokenService& tokens, PeopleDirectory& people,
                       HttpServerConfig config)
    : m_config(std::move(config)), m_authorization(people, tokens.throttle())
{
    AuthRoutes::install(m_router, tokens);
    AdminRoutes::install(m_router, keys, m_authorization);
    PeopleRoutes::install(m_router, people, m_authorization);
    EventRoutes::install(m_router, keys, keys.audit(), m_authorization);
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

HttpResponse HttpServer::serve(const HttpRequest& request) const
{
    const auto started = std::chrono::steady_clock::now();
    HttpResponse response;
    try {
        m_router.dispatch(request, response);
    } catch (...) {
        response = {};
        HttpExchange::sendError(response, HttpLayerErrors::unexpected());
    }
    const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - started;
    logRequest(request, response, elapsed.count());
    return response;
}

void HttpServer::logRequest(const HttpRequest& request, const HttpResponse& response,
                            double milliseconds) const
{
    const QString keyId = HttpExchange::takeKeyId();
    if (!m_config.logRequests)
        return;
    // One line per request. Never headers or bodies: they carry secrets and tokens.
    // Method and path are the client's: escaped, so they cannot forge a line or reach the terminal.
    const QByteArray line = Rfc3339::format(QDateTime::currentDateTimeUtc()).toLatin1() + ' ' +
                            LogField::escaped(request.method, 16) + ' ' +
                            LogField::escaped(request.path, 200) + ' ' + QByteArray::number(response.status) +
                            ' ' + QByteArray::number(milliseconds, 'f', 2) + "ms" +
                            (keyId.isEmpty() ? QByteArray() : " key_id=" + keyId.toLatin1()) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}

Expected<int> HttpServer::start()
{
    stop();
    if (m_config.tlsCertificate.isEmpty() != m_config.tlsPrivateKey.isEmpty()) {
        return HttpLayerErrors::tlsNeedsBothFiles();
    }
    auto network =
        std::make_unique<Network>(m_config, [this](const HttpRequest& request) { return serve(request); });
    if (!m_config.tlsCertificate.isEmpty()) {
        for (const QString& file : {m_config.tlsCertificate, m_config.tlsPrivateKey}) {
            if (!QFileInfo(file).isReadable())
                return HttpLayerErrors::unreadableTlsFile(file);
        }
        net::ssl::context& tls = network->tls.emplace(net::ssl::context::tls_server);
        tls.set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                        net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                        net::ssl::context::no_tlsv1_1);
        beast::error_code certificate, key;
        tls.use_certificate_chain_file(m_config.tlsCertificate.toStdString(), certificate);
        tls.use_private_key_file(m_config.tlsPrivateKey.toStdString(), net::ssl::context::pem, key);
        if (certificate || key || SSL_CTX_check_private_key(tls.native_handle()) != 1)
            return HttpLayerErrors::unusableTlsFiles();
    }
    const Error listenError = HttpLayerErrors::cannotListen(m_config.host, m_config.port);
    beast::error_code ec;
    tcp::endpoint endpoint(net::ip::make_address(m_config.host.toStdString(), ec),
                           net::ip::port_type(m_config.port));
    if (ec) { // a name such as "localhost"
        tcp::resolver resolver(network->io);
        const auto found = resolver.resolve(m_config.host.toStdString(), std::to_string(m_config.port), ec);
        if (ec || found.empty())
            return listenError;
        endpoint = found.begin()->endpoint();
    }
    tcp::acceptor& acceptor = network->acceptor;
    // SO_REUSEADDR allows quick restarts; SO_REUSEPORT is not set, so a second process cannot share our port.
    acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return listenError;
    m_port = acceptor.local_endpoint(ec).port();
    network->accept();
    for (int i = ioThreadCount(m_config.ioThreads); i > 0; --i)
        network->threads.emplace_back([io = &network->io] { io->run(); });
    m_network = std::move(network);
    return m_port;
}

void HttpServer::stop()
{
    if (!m_network)
        return;
    // Network I/O stops first, then the workers finish what they run (their replies go nowhere), then
    // destroying the io_context closes every connection.
    m_network->io.stop();
    for (std::thread& t : m_network->threads)
        t.join();
    m_network->workers.stop();
    m_network.reset();
}

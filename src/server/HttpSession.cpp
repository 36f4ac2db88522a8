#include "HttpSession.h"

#include "BeastRequest.h"
#include "HttpExchange.h"
#include "HttpLayerErrors.h"
#include "WorkerPool.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <type_traits>

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

namespace {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// After the last reply, what a client still sends is read and thrown away for up to this long, so the
// kernel does not answer it with a reset that could destroy the reply before it is read: most clients read
// a 413 only once they have stopped sending. It ends earlier when the client closes.
constexpr auto LingerTime = std::chrono::seconds(2);

bool isQuietEnd(const beast::error_code& ec)
{
    // The client went away or took too long: nothing useful can be said to it.
    return ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
           ec == net::error::operation_aborted || ec == net::error::connection_reset ||
           ec == net::ssl::error::stream_truncated;
}

} // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream stream, const HttpSessionContext& context,
                                 std::unique_ptr<ConnectionLimits::Slot> slot, std::string remoteAddress)
    : m_stream(std::move(stream)), m_context(context), m_slot(std::move(slot)),
      m_remoteAddress(std::move(remoteAddress)), m_buffer(context.config.maxHeaderBytes + 16 * 1024)
{}

template <class Stream> void HttpSession<Stream>::start()
{
    net::dispatch(m_stream.get_executor(), [self = this->shared_from_this()] {
        beast::error_code ignored;
        self->transport().socket().set_option(net::ip::tcp::no_delay(true), ignored);
        if constexpr (std::is_same_v<Stream, TlsStream>) {
            self->transport().expires_after(
                std::chrono::seconds(self->m_context.config.headerDeadlineSeconds));
            self->m_stream.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
                if (!ec)
                    self->awaitRequest();
            });
        } else {
            self->awaitRequest();
        }
    });
}

template <class Stream> void HttpSession<Stream>::awaitRequest()
{
    if (m_buffer.size() > 0)
        return readHeader(); // the next request arrived with the last one
    // An idle connection may wait this long for its next request's first byte.
    transport().expires_after(std::chrono::seconds(m_context.config.keepAliveTimeoutSeconds));
    m_stream.async_read_some(m_buffer.prepare(4096),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                 if (ec)
                                     return; // idle too long, or gone: the connection closes
                                 self->m_buffer.commit(n);
                                 self->readHeader();
                             });
}

template <class Stream> void HttpSession<Stream>::readHeader()
{
    const HttpServerConfig& config = m_context.config;
    m_parser.emplace();
    m_parser->header_limit(std::uint32_t(config.maxHeaderBytes));
    m_parser->body_limit(config.maxBodyBytes);
    // One deadline for the whole header, however slowly it trickles in.
    transport().expires_after(std::chrono::seconds(config.headerDeadlineSeconds));
    http::async_read_header(
        m_stream, m_buffer, *m_parser,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
}

template <class Stream> void HttpSession<Stream>::onHeader(beast::error_code ec)
{
    if (ec)
        return onReadFailed(ec);
    if (m_parser->is_done())
        return dispatch();
    const auto& header = m_parser->get();
    if (beast::iequals(header[http::field::expect], "100-continue")) {
        // The client waits for this before sending the body (curl does for bodies over 1 KiB).
        auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, m_version);
        transport().expires_after(std::chrono::seconds(m_context.config.writeTimeoutSeconds));
        http::async_write(m_stream, *interim,
                          [self = this->shared_from_this(), interim](beast::error_code written, std::size_t) {
                              if (!written)
                                  self->readBody();
                          });
        return;
    }
    readBody();
}

template <class Stream> void HttpSession<Stream>::readBody()
{
    // The body limit is checked by the parser as bytes arrive, chunked or not.
    transport().expires_after(std::chrono::seconds(m_context.config.readTimeoutSeconds));
    http::async_read(m_stream, m_buffer, *m_parser,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec)
                             return self->onReadFailed(ec);
                         self->dispatch();
                     });
}

template <class Stream> void HttpSession<Stream>::onReadFailed(beast::error_code ec)
{
    if (isQuietEnd(ec))
        return;
    if (ec == http::error::body_limit)
        return refuse(413);
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        return refuse(431);
    refuse(400);
}

template <class Stream> void HttpSession<Stream>::dispatch()
{
    http::request<http::string_body> parsed = m_parser->release();
    m_version = parsed.version();
    m_keepAlive = parsed.keep_alive();
    m_head = parsed.method() == http::verb::head;
    if (const char* repeated = BeastRequest::repeatedSingleHeader(parsed)) {
        HttpResponse refused;
        HttpExchange::sendError(refused, HttpLayerErrors::repeatedHeader(repeated));
        m_head = false;
        return reply(std::move(refused), true);
    }
    auto self = this->shared_from_this();
    auto job = [self,
                request = BeastRequest::toHttpRequest(std::move(parsed), m_remoteAddress, m_context.config)] {
        HttpResponse response = self->m_context.serve(request);
        net::post(self->m_stream.get_executor(), [self, response = std::move(response)]() mutable {
            self->reply(std::move(response), !self->m_keepAlive);
        });
    };
    if (!m_context.workers.tryPost(std::move(job))) {
        HttpResponse busy;
        HttpExchange::sendError(busy, HttpLayerErrors::busy());
        reply(std::move(busy), !m_keepAlive);
    }
}

template <class Stream> void HttpSession<Stream>::refuse(int status)
{
    HttpResponse response;
    HttpExchange::sendError(response, HttpLayerErrors::forStatus(status));
    m_head = false;
    reply(std::move(response), true);
}

template <class Stream> void HttpSession<Stream>::reply(HttpResponse response, bool close)
{
    const HttpServerConfig& config = m_context.config;
    ++m_served;
    m_closeAfterWrite = close || response.closesConnection() || m_served >= config.keepAliveMaxCount;
    auto& out = m_response.emplace();
    out.version(m_version);
    out.result(unsigned(response.status));
    out.set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers)
        out.set(name, value);
    out.body() = std::move(response.body);
    out.prepare_payload();
    out.keep_alive(!m_closeAfterWrite);
    if (m_head)
        out.body().clear(); // HEAD: GET's headers, Content-Length included, and no body
    transport().expires_after(std::chrono::seconds(config.writeTimeoutSeconds));
    http::async_write(m_stream, out, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
        self->onWritten(ec);
    });
}

template <class Stream> void HttpSession<Stream>::onWritten(beast::error_code ec)
{
    m_response.reset();
    if (ec)
        return;
    if (m_closeAfterWrite)
        return closeGracefully();
    if (m_buffer.capacity() > 16 * 1024)
        m_buffer.shrink_to_fit(); // an idle connection keeps little memory
    awaitRequest();
}

template <class Stream> void HttpSession<Stream>::closeGracefully()
{
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        transport().expires_after(LingerTime);
        m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
        beast::error_code ignored;
        transport().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
        m_buffer.clear();
        transport().expires_after(LingerTime);
        drainThenClose();
    }
}

template <class Stream> void HttpSession<Stream>::drainThenClose()
{
    m_stream.async_read_some(m_buffer.prepare(16 * 1024),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (!ec)
                                     self->drainThenClose(); // until the client closes or LingerTime ends
                             });
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

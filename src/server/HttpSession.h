#pragma once

#include "ConnectionLimits.h"
#include "HttpRequest.h"
#include "HttpResponse.h"
#include "HttpServerConfig.h"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <functional>
#include <memory>
#include <optional>

class WorkerPool;

// What every connection shares: the limits it reads under, the workers, and the function that turns a
// request into a reply (router, request log) on a worker thread.
struct HttpSessionContext
{
    const HttpServerConfig& config;
    WorkerPool& workers;
    std::function<HttpResponse(const HttpRequest&)> serve;
};

// One client connection. Reads a request under deadlines (idle, header, body) and size caps that hold for
// every transfer coding, hands it to a worker, writes the reply, then waits for the next request or closes.
// Stream is boost::beast::tcp_stream or an ssl_stream over one; all of a session's I/O runs on its strand.
template <class Stream> class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>>
{
public:
    HttpSession(Stream stream, const HttpSessionContext& context,
                std::unique_ptr<ConnectionLimits::Slot> slot, std::string remoteAddress);
    void start();

private:
    void awaitRequest();
    void readHeader();
    void onHeader(boost::beast::error_code ec);
    void readBody();
    void onReadFailed(boost::beast::error_code ec);
    void dispatch();
    void reply(HttpResponse response, bool close);
    void refuse(int status);
    void onWritten(boost::beast::error_code ec);
    void closeGracefully();
    void drainThenClose();
    auto& transport() { return boost::beast::get_lowest_layer(m_stream); }

    Stream m_stream;
    const HttpSessionContext& m_context;
    std::unique_ptr<ConnectionLimits::Slot> m_slot;
    std::string m_remoteAddress;
    boost::beast::flat_buffer m_buffer;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> m_parser;
    std::optional<boost::beast::http::response<boost::beast::http::string_body>> m_response;
    bool m_keepAlive = true;
    bool m_closeAfterWrite = false;
    bool m_head = false;
    unsigned m_version = 11;
    int m_served = 0;
};

extern template class HttpSession<boost::beast::tcp_stream>;
extern template class HttpSession<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

#pragma once

#include "HttpRequest.h"
#include "HttpServerConfig.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

// A request as Beast parsed it, turned into what the routes see: path percent-decoded and split from the
// query, headers copied, the body moved, the client's address resolved (ClientAddress).
namespace BeastRequest {

// The name of a header that may appear once and came more than once (Host, Authorization, X-API-Key,
// Content-Type, Content-Length), or null. Which copy counts would depend on who reads it -- a proxy the
// first, a route the last -- so such a request is refused instead (RFC 9110 §5.3, RFC 9112 §3.2).
const char* repeatedSingleHeader(const boost::beast::http::request<boost::beast::http::string_body>& in);

HttpRequest toHttpRequest(boost::beast::http::request<boost::beast::http::string_body>&& in,
                          const std::string& peer, const HttpServerConfig& config);

} // namespace BeastRequest

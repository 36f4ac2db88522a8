#pragma once

#include "HttpRequest.h"
#include "HttpServerConfig.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

// A request as Beast parsed it, turned into what the routes see: path percent-decoded and split from the
// query, headers copied, the body moved, the client's address resolved (ClientAddress).
namespace BeastRequest {

HttpRequest toHttpRequest(boost::beast::http::request<boost::beast::http::string_body>&& in,
                          const std::string& peer, const HttpServerConfig& config);

} // namespace BeastRequest

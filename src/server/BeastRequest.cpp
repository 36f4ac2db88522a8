#include "BeastRequest.h"

#include "ClientAddress.h"

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// %XX sequences decoded; anything malformed is kept as sent (the router then finds nothing there).
std::string decodePath(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size()) {
            const int high = hexValue(raw[i + 1]);
            const int low = hexValue(raw[i + 2]);
            if (high >= 0 && low >= 0) {
                out += char(high * 16 + low);
                i += 2;
                continue;
            }
        }
        out += raw[i];
    }
    return out;
}

// Every X-Forwarded-For line as one list, in order (RFC 9110 §5.3): a proxy may append a line of its own
// instead of extending the client's, and the client's line must not then pass for the proxy's.
std::string forwardedFor(const boost::beast::http::request<boost::beast::http::string_body>& in)
{
    std::string joined;
    const auto [first, last] = in.equal_range("X-Forwarded-For");
    for (auto field = first; field != last; ++field) {
        if (!joined.empty())
            joined += ',';
        joined.append(field->value().data(), field->value().size());
    }
    return joined;
}

} // namespace

namespace BeastRequest {

const char* repeatedSingleHeader(const boost::beast::http::request<boost::beast::http::string_body>& in)
{
    for (const char* name : {"Host", "Authorization", "X-API-Key", "Content-Type", "Content-Length"}) {
        if (in.count(name) > 1)
            return name;
    }
    return nullptr;
}

HttpRequest toHttpRequest(boost::beast::http::request<boost::beast::http::string_body>&& in,
                          const std::string& peer, const HttpServerConfig& config)
{
    HttpRequest out;
    out.method = std::string(in.method_string());
    const std::string_view target(in.target().data(), in.target().size());
    const std::size_t question = target.find('?');
    out.path = decodePath(target.substr(0, question));
    if (question != std::string_view::npos)
        out.query = std::string(target.substr(question + 1));
    out.headers.reserve(8);
    for (const auto& field : in)
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    out.body = std::move(in.body());
    out.remoteAddress = ClientAddress::resolve(peer, forwardedFor(in), config.trustedProxies);
    return out;
}

} // namespace BeastRequest

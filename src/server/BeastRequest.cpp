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

} // namespace

namespace BeastRequest {

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
    out.remoteAddress = ClientAddress::resolve(peer, out.header("X-Forwarded-For"), config.trustedProxies);
    return out;
}

} // namespace BeastRequest

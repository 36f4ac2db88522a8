#include "HttpRequest.h"

#include <strings.h>

namespace {

bool sameName(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

bool HttpRequest::hasHeader(std::string_view name) const
{
    for (const auto& [key, value] : headers) {
        if (sameName(key, name))
            return true;
    }
    return false;
}

std::string HttpRequest::header(std::string_view name) const
{
    for (const auto& [key, value] : headers) {
        if (sameName(key, name))
            return value;
    }
    return {};
}

#include "HttpResponse.h"

#include <algorithm>
#include <strings.h>

void HttpResponse::setHeader(const std::string& name, const std::string& value)
{
    auto existing = std::find_if(headers.begin(), headers.end(), [&name](const auto& header) {
        return ::strcasecmp(header.first.c_str(), name.c_str()) == 0;
    });
    if (existing != headers.end())
        existing->second = value;
    else
        headers.emplace_back(name, value);
}

void HttpResponse::setContent(const char* data, std::size_t size, const char* contentType)
{
    body.assign(data, size);
    setHeader("Content-Type", contentType);
}

bool HttpResponse::closesConnection() const
{
    return std::any_of(headers.begin(), headers.end(), [](const auto& header) {
        return ::strcasecmp(header.first.c_str(), "Connection") == 0 &&
               ::strcasecmp(header.second.c_str(), "close") == 0;
    });
}

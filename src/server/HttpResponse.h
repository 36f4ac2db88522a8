#pragma once

#include <string>
#include <utility>
#include <vector>

// The reply a route builds; the HTTP layer adds framing (Content-Length, Connection) when it is sent.
struct HttpResponse
{
    int status = 500; // a route that forgets to answer shows up as an error, not as an empty 200
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    // Replaces any header of the same name (case-insensitive).
    void setHeader(const std::string& name, const std::string& value);
    void setContent(const char* data, std::size_t size, const char* contentType);
    // The route asked for the connection to be closed after this reply ("Connection: close").
    bool closesConnection() const;
};

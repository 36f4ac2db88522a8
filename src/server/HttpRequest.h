#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// One request as the routes see it, whatever the HTTP layer underneath: fully read, size-checked, and owned
// (routes run on worker threads, away from the connection that read it).
struct HttpRequest
{
    std::string method;
    std::string path; // percent-decoded, without the query
    std::string query;
    std::string body;
    // The client's address: the peer, or whom a trusted proxy forwarded for (ClientAddress).
    std::string remoteAddress;
    std::vector<std::pair<std::string, std::string>> headers;

    // Header names compare case-insensitively; the first value is returned, "" when absent.
    bool hasHeader(std::string_view name) const;
    std::string header(std::string_view name) const;
};

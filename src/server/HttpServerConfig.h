#pragma once

#include <QString>
#include <cstddef>

// How the HTTP layer listens and defends itself (defaults measured in docs/performance.md).
struct HttpServerConfig
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 0;     // 0 = any free port
    int threads = 64; // one per open connection (cpp-httplib is thread-per-connection)
    int readTimeoutSeconds = 5;
    int writeTimeoutSeconds = 5;
    int keepAliveTimeoutSeconds = 5;
    int keepAliveMaxCount = 10000;
    std::size_t maxBodyBytes = 64 * 1024;
    QString tlsCertificate; // PEM files; both empty = plain HTTP
    QString tlsPrivateKey;
    bool logRequests = true;
};

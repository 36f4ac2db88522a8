#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <cstddef>

// How the HTTP layer listens and defends itself (defaults measured in docs/performance.md; why they are
// what they are in docs/security.md).
struct HttpServerConfig
{
    QString host = QStringLiteral("127.0.0.1");
    int port = 0;                   // 0 = any free port
    int threads = 16;               // workers running route handlers; network I/O has threads of its own
    int ioThreads = 0;              // 0 = one per core, at most 4
    int queueLimit = 1024;          // requests waiting for a worker; beyond it, 503 at once
    int headerDeadlineSeconds = 10; // the whole request header, from its first byte
    int readTimeoutSeconds = 5;     // the whole body, from the end of the header
    int writeTimeoutSeconds = 5;
    int keepAliveTimeoutSeconds = 5; // an idle connection waits this long for its next request
    int keepAliveMaxCount = 10000;
    int maxConnections = 10000;         // open at once, in all; also bounded by the open-files limit
    int maxConnectionsPerAddress = 256; // from one source address (raise behind a proxy)
    std::size_t maxHeaderBytes = 16 * 1024;
    std::size_t maxBodyBytes = 64 * 1024;
    QString tlsCertificate; // PEM files; both empty = plain HTTP
    QString tlsPrivateKey;
    bool logRequests = true;
    // Proxies whose X-Forwarded-For is believed (ClientAddress); none by default.
    QList<QHostAddress> trustedProxies;
};

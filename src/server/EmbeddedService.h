#pragma once

#include "KeyDeskServer.h"
#include "core/SecretBytes.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

// The service the app (or the CLI) runs in-process when no remote one is configured: 127.0.0.1, a random
// port, SQLite in the app's data folder, and a fresh session admin token each run that lives only in this
// process's memory, is renewed every hour while it runs, and is revoked when it stops (or expires a day
// after a crash).
class EmbeddedService
{
public:
    Expected<void> start(const QString& dataDir);
    ~EmbeddedService() { stop(); }
    void stop();

    QUrl url() const { return m_server ? m_server->baseUrl() : QUrl(); }
    const SecretBytes& adminToken() const { return m_adminToken; }

private:
    std::unique_ptr<KeyDeskServer> m_server;
    SecretBytes m_adminToken;
    QString m_sessionId;
    std::thread m_renewer;
    std::mutex m_mutex;
    std::condition_variable m_stopping;
    bool m_stop = false;
};

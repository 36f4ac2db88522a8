#pragma once

#include "KeyDeskServer.h"
#include "core/LocalService.h"
#include "core/SecretBytes.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

// The service the app (or the CLI) runs in-process for its Local connection: 127.0.0.1, a random port,
// SQLite in the app's data folder, and a fresh session admin token each run that lives only in this process's
// memory, is renewed every hour while it runs, and is revoked when it stops (or expires a day after a crash).
// Only the Workstation starts it.
class EmbeddedService final : public LocalService
{
public:
    Expected<void> start(const QString& dataDir) override;
    ~EmbeddedService() override { stop(); }
    void stop() override;

    QUrl url() const override { return m_server ? m_server->baseUrl() : QUrl(); }
    const SecretBytes& adminToken() const override { return m_adminToken; }

private:
    std::unique_ptr<KeyDeskServer> m_server;
    SecretBytes m_adminToken;
    QString m_sessionId;
    std::thread m_renewer;
    std::mutex m_mutex;
    std::condition_variable m_stopping;
    bool m_stop = false;
};

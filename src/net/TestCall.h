#pragma once

#include "core/ProviderSettings.h"
#include "core/SecretBytes.h"
#include "core/TestResult.h"

#include <QDateTime>
#include <QObject>
#include <functional>

class QNetworkAccessManager;

// "Test": sends the configured request with a key or token and explains the answer in plain words
// (after the seed vendors' troubleshooting tables): 401 invalid or expired, 403 no access, 429 with
// Retry-After, 5xx, TLS, DNS/refused, timeout.
class TestCall : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(TestResult)>;

    explicit TestCall(QNetworkAccessManager* network, QObject* parent = nullptr);
    void setTransferTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setDeadlineMs(int ms) { m_deadlineMs = ms; }
    // Only the start of the answer is read: enough for the service's error message.
    static constexpr qint64 MaxBodyBytes = 64 * 1024;
    // Advice that knows more than the answer does (the key is deactivated here), with what the service said.
    static QString explainWith(const QString& advice, const QString& serviceSaid);

    void run(const QUrl& url, ProviderSettings::HeaderStyle style, const SecretBytes& credential,
             int expectedStatus, Callback done);

private:
    QNetworkAccessManager* m_network;
    int m_timeoutMs = 0; // no bytes for this long ends the request; 0: only the deadline does
    int m_deadlineMs = 30000;
};

#pragma once

#include "core/AccessToken.h"
#include "core/Clock.h"
#include "core/Expected.h"
#include "core/ProviderSettings.h"

#include <QObject>
#include <functional>

class QNetworkAccessManager;

// Exchanges a client id and secret for an access token at any RFC 6749 §4.4 token endpoint, authenticating
// as the connection says (HTTP Basic sends the credentials only in the header, never also in the body). The
// reply is parsed strictly; §5.2 error replies come back with the provider's error and description.
class TokenClient : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(Expected<AccessToken>)>;
    static constexpr int MaxExpiresInSeconds = 366 * 86400;
    static constexpr int MaxTokenBytes = 16 * 1024;
    static constexpr int AssertionLifetimeSeconds = 120; // private_key_jwt: short, the server's clock may lag

    explicit TokenClient(QNetworkAccessManager* network, QObject* parent = nullptr);
    void setTransferTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setMaxReplyBytes(qint64 bytes) { m_maxReplyBytes = bytes; }
    void setDeadlineMs(int ms) { m_deadlineMs = ms; }
    // The time a private_key_jwt assertion is issued at; the clock must outlive this client.
    void setClock(const Clock& clock) { m_clock = &clock; }

    void requestToken(const ProviderSettings& provider, const QString& clientId,
                      const SecretBytes& clientSecret, Callback done);

    // The strict parser on its own (tests feed it hostile replies). The token must be RFC 6750 §2.1's
    // b64token (letters, digits, - . _ ~ + / then any =) of at most MaxTokenBytes: it ends up in headers,
    // shell commands and terminals, where a CR/LF or an escape sequence would act.
    static Expected<AccessToken> parseTokenReply(const QByteArray& body);

private:
    QNetworkAccessManager* m_network;
    int m_timeoutMs = 0; // no bytes for this long ends the request; 0: only the deadline does
    qint64 m_maxReplyBytes = 1024 * 1024;
    int m_deadlineMs = 30000;
    const Clock* m_clock = &Clock::system();
};

#pragma once

#include "ApiError.h"
#include "KeyService.h"
#include "RateLimiter.h"

// Authenticates API keys and bearer tokens, and exchanges client credentials for access tokens
// (RFC 6749 §4.4). Every failure is an ApiError with the code docs/api.md promises.
class TokenService
{
public:
    template <typename T> using Result = Expected<T, ApiError>;

    struct IssuedToken
    {
        QByteArray accessToken;
        int expiresIn = 0;
        QString keyId;
    };

    explicit TokenService(KeyService& keys);

    Result<IssuedToken> issue(const QString& clientId, const SecretBytes& clientSecret, const QString& scope);
    // X-API-Key (or a kds_ secret sent as a bearer token).
    Result<Credential> authenticateApiKey(const SecretBytes& secret);
    // An access token from issue(): valid signature, not expired, and its key still active.
    Result<Credential> authenticateAccessToken(const QByteArray& token);

    // 0, or seconds to wait (Retry-After) when `client` is over its rate.
    int throttleTokenRequest(const QString& client) { return m_tokenLimiter.acquire(client); }
    int throttleHealthRequest(const QString& key) { return m_healthLimiter.acquire(key); }

private:
    Result<Credential> checkUsable(const Credential& key);

    KeyService& m_keys;
    RateLimiter m_tokenLimiter;
    RateLimiter m_healthLimiter;
};

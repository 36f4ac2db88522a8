#pragma once

#include "ApiError.h"
#include "AuthThrottle.h"
#include "KeyService.h"

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

    // `source` is the caller's address (empty for callers in this process): failures are counted against
    // it and against the key id, and a 429 replaces the 401 when either is over its limit.
    Result<IssuedToken> issue(const QString& clientId, const SecretBytes& clientSecret, const QString& scope,
                              const QString& source = {});
    // X-API-Key (or a kds_ secret sent as a bearer token).
    Result<Credential> authenticateApiKey(const SecretBytes& secret, const QString& source = {});
    // An access token from issue(): valid signature, not expired, and its key still active.
    Result<Credential> authenticateAccessToken(const QByteArray& token, const QString& source = {});

    AuthThrottle& throttle() { return m_throttle; }
    KeyService& keys() { return m_keys; }

private:
    Result<Credential> checkUsable(const Credential& key, const QString& source);
    Result<Credential> verifyAccessToken(const QByteArray& token, const QString& source);
    // The failure as it is, or a 429 when its source or key has failed too often. A failure against an
    // existing key is counted in that key's audit trail too.
    ApiError failure(ApiError error, const QString& source, const Credential* key = nullptr);

    KeyService& m_keys;
    AuthThrottle m_throttle;
};

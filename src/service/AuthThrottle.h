#pragma once

#include "ApiError.h"
#include "RateLimiter.h"
#include "ServiceConfig.h"

// Who is slowed down, and when (docs/security.md). Failed authentications are counted per source address
// (which is then refused before any work) and per existing key id (whose *failed* attempts then get 429;
// its right secret still passes), so knowing a key id is not enough to lock its owner out. Successful
// requests are counted per authenticated key. Each method answers 0, or the seconds to wait.
class AuthThrottle
{
public:
    explicit AuthThrottle(const ServiceConfig& config);

    // Before any credential is looked at.
    int waitBeforeTrying(const QString& source);
    // After a failed authentication; `keyId` only when such a key exists.
    int failed(const QString& source, const QString& keyId);
    int tokenIssued(const QString& keyId);
    int healthChecked(const QString& keyId);

    // The 429 reply, with Retry-After.
    static ApiError tooManyRequests(int retryAfterSeconds);

private:
    RateLimiter m_failuresBySource;
    RateLimiter m_failuresByKey;
    RateLimiter m_tokensByKey;
    RateLimiter m_healthByKey;
};

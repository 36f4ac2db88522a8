#include "AuthThrottle.h"

#include "core/Plural.h"

#include <algorithm>

AuthThrottle::AuthThrottle(const ServiceConfig& config)
    : m_failuresBySource(config.failureRatePerSecond, config.failureBurst),
      m_failuresByKey(config.failureRatePerSecond, config.failureBurst),
      m_tokensByKey(config.tokenRatePerSecond, config.tokenBurst),
      m_healthByKey(config.healthRatePerSecond, config.healthBurst)
{}

int AuthThrottle::waitBeforeTrying(const QString& source)
{
    // In-process callers have no address and are not limited here.
    return source.isEmpty() ? 0 : m_failuresBySource.wait(source);
}

int AuthThrottle::failed(const QString& source, const QString& keyId)
{
    const int bySource = source.isEmpty() ? 0 : m_failuresBySource.acquire(source);
    const int byKey = keyId.isEmpty() ? 0 : m_failuresByKey.acquire(keyId);
    return std::max(bySource, byKey);
}

int AuthThrottle::tokenIssued(const QString& keyId)
{
    return m_tokensByKey.acquire(keyId);
}

int AuthThrottle::healthChecked(const QString& keyId)
{
    return m_healthByKey.acquire(keyId);
}

ApiError AuthThrottle::tooManyRequests(int retryAfterSeconds)
{
    ApiError error{429, "rate_limited",
                   plural(retryAfterSeconds, "AuthThrottle",
                          QT_TRANSLATE_NOOP("AuthThrottle", "Too many requests; retry in %1 second."),
                          QT_TRANSLATE_NOOP("AuthThrottle", "Too many requests; retry in %1 seconds."))};
    error.retryAfterSeconds = retryAfterSeconds;
    return error;
}

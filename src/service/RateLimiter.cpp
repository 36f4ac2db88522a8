#include "RateLimiter.h"

#include <QMutexLocker>
#include <algorithm>
#include <cmath>

namespace {
constexpr int kMaxTrackedClients = 100000;
}

RateLimiter::RateLimiter(double ratePerSecond, int burst) : m_rate(ratePerSecond), m_burst(std::max(burst, 1))
{}

int RateLimiter::acquire(const QString& client, Clock::time_point now)
{
    if (m_rate <= 0)
        return 0;
    QMutexLocker lock(&m_mutex);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= kMaxTrackedClients)
            forgetIdleBuckets(now);
        it = m_buckets.insert(client, Bucket{m_burst, now});
    }
    Bucket& bucket = it.value();
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(m_burst, bucket.tokens + elapsed * m_rate);
    bucket.updated = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - bucket.tokens) / m_rate)));
}

void RateLimiter::forgetIdleBuckets(Clock::time_point now)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->updated).count();
        if (it->tokens + elapsed * m_rate >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
    // Under a flood of distinct clients nothing is idle: start over rather than grow without bound.
    if (m_buckets.size() >= kMaxTrackedClients)
        m_buckets.clear();
}

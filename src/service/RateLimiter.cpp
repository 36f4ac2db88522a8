#include "RateLimiter.h"

#include <QMutexLocker>
#include <algorithm>
#include <cmath>

RateLimiter::RateLimiter(double ratePerSecond, int burst, int maxClients)
    : m_rate(ratePerSecond), m_burst(std::max(burst, 1)),
      m_maxClients(std::max(maxClients, 1)), m_overflow{m_burst, Clock::now()}
{}

int RateLimiter::acquire(const QString& client, Clock::time_point now)
{
    if (m_rate <= 0)
        return 0;
    QMutexLocker lock(&m_mutex);
    Bucket* bucket = find(client, now);
    if (!bucket) {
        // Under a flood of distinct clients nothing is idle: newcomers share one bucket, so nobody's count
        // is reset and memory stays at the cap.
        bucket = m_buckets.size() < m_maxClients ? &m_buckets.insert(client, Bucket{m_burst, now}).value()
                                                 : &m_overflow;
    }
    refill(*bucket, now);
    if (bucket->tokens >= 1.0) {
        bucket->tokens -= 1.0;
        return 0;
    }
    return secondsUntilOne(*bucket);
}

int RateLimiter::wait(const QString& client, Clock::time_point now)
{
    if (m_rate <= 0)
        return 0;
    QMutexLocker lock(&m_mutex);
    Bucket* bucket = find(client, now);
    if (!bucket && m_buckets.size() >= m_maxClients)
        bucket = &m_overflow;
    if (!bucket)
        return 0;
    refill(*bucket, now);
    return bucket->tokens >= 1.0 ? 0 : secondsUntilOne(*bucket);
}

int RateLimiter::trackedClients()
{
    QMutexLocker lock(&m_mutex);
    return int(m_buckets.size());
}

RateLimiter::Bucket* RateLimiter::find(const QString& client, Clock::time_point now)
{
    auto it = m_buckets.find(client);
    if (it != m_buckets.end())
        return &it.value();
    if (m_buckets.size() >= m_maxClients)
        forgetIdleBuckets(now);
    return nullptr;
}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) const
{
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    bucket.tokens = std::min(m_burst, bucket.tokens + std::max(0.0, elapsed) * m_rate);
    bucket.updated = std::max(bucket.updated, now);
}

int RateLimiter::secondsUntilOne(const Bucket& bucket) const
{
    return std::max(1, int(std::ceil((1.0 - bucket.tokens) / m_rate)));
}

void RateLimiter::forgetIdleBuckets(Clock::time_point now)
{
    // A full sweep at most once a second: a flood must not turn every request into a walk of the table.
    if (now - m_lastSweep < std::chrono::seconds(1))
        return;
    m_lastSweep = now;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->updated).count();
        if (it->tokens + elapsed * m_rate >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

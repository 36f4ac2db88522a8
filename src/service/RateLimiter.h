#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <chrono>

// Token buckets per client, on the monotonic clock. Thread-safe; bounded in memory (idle, full buckets
// are forgotten when the table grows).
class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    // ratePerSecond <= 0 disables limiting.
    RateLimiter(double ratePerSecond, int burst);

    // 0 when the request may go ahead; otherwise the whole seconds to wait (for Retry-After).
    int acquire(const QString& client, Clock::time_point now = Clock::now());

private:
    struct Bucket
    {
        double tokens;
        Clock::time_point updated;
    };
    void forgetIdleBuckets(Clock::time_point now);

    double m_rate;
    double m_burst;
    QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
};

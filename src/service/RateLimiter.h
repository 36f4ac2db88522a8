#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <chrono>

// Token buckets per client, on the monotonic clock. Thread-safe; bounded in memory: when the table is full,
// idle (full) buckets are forgotten, and if none is idle newcomers share one overflow bucket.
class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    // ratePerSecond <= 0 disables limiting. At most maxClients buckets are kept.
    RateLimiter(double ratePerSecond, int burst, int maxClients = 100000);

    // 0 when the request may go ahead (and it is charged); otherwise the whole seconds to wait
    // (for Retry-After).
    int acquire(const QString& client, Clock::time_point now = Clock::now());
    // What acquire() would answer, without charging anything.
    int wait(const QString& client, Clock::time_point now = Clock::now());
    int trackedClients();

private:
    struct Bucket
    {
        double tokens;
        Clock::time_point updated;
    };
    Bucket* find(const QString& client, Clock::time_point now);
    void refill(Bucket& bucket, Clock::time_point now) const;
    int secondsUntilOne(const Bucket& bucket) const;
    void forgetIdleBuckets(Clock::time_point now);

    double m_rate;
    double m_burst;
    int m_maxClients;
    QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    Bucket m_overflow; // shared by newcomers while the table is full of busy buckets
    Clock::time_point m_lastSweep{};
};

#include "service/RateLimiter.h"

#include <QTest>

using namespace std::chrono_literals;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void allowsTheBurstThenAsksToWait();
    void refillsAtTheRate();
    void clientsAreIndependent();
    void zeroRateIsUnlimited();
    void aFloodOfNewClientsDoesNotResetTheLimited();
    void peekingDoesNotCharge();
};

void TestRateLimiter::allowsTheBurstThenAsksToWait()
{
    RateLimiter limiter(2.0, 3);
    const auto t0 = RateLimiter::Clock::now();
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 1); // 0.5 s to the next token, rounded up
    RateLimiter slow(0.1, 1);
    QCOMPARE(slow.acquire(QStringLiteral("a"), t0), 0);
    QCOMPARE(slow.acquire(QStringLiteral("a"), t0), 10);
}

void TestRateLimiter::refillsAtTheRate()
{
    RateLimiter limiter(2.0, 1);
    const auto t0 = RateLimiter::Clock::now();
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QVERIFY(limiter.acquire(QStringLiteral("a"), t0 + 100ms) > 0);
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0 + 600ms), 0);
    // Idle time refills only up to the burst size.
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0 + 60s), 0);
    QVERIFY(limiter.acquire(QStringLiteral("a"), t0 + 60s) > 0);
}

void TestRateLimiter::clientsAreIndependent()
{
    RateLimiter limiter(1.0, 1);
    const auto t0 = RateLimiter::Clock::now();
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QVERIFY(limiter.acquire(QStringLiteral("a"), t0) > 0);
    QCOMPARE(limiter.acquire(QStringLiteral("b"), t0), 0);
}

void TestRateLimiter::zeroRateIsUnlimited()
{
    RateLimiter limiter(0, 1);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(limiter.acquire(QStringLiteral("a")), 0);
}

void TestRateLimiter::aFloodOfNewClientsDoesNotResetTheLimited()
{
    // Room for 100 clients. One is limited; 10,000 distinct others arrive (spoofed ids, many addresses).
    // The limited one must stay limited, and memory must stay at the cap.
    RateLimiter limiter(0.01, 1, 100);
    const auto t0 = RateLimiter::Clock::now();
    QCOMPARE(limiter.acquire(QStringLiteral("attacker"), t0), 0);
    QVERIFY(limiter.acquire(QStringLiteral("attacker"), t0) > 0);
    for (int i = 0; i < 10000; ++i)
        limiter.acquire(QStringLiteral("flood-%1").arg(i), t0);
    QVERIFY(limiter.trackedClients() <= 100);
    QVERIFY(limiter.acquire(QStringLiteral("attacker"), t0) > 0);
}

void TestRateLimiter::peekingDoesNotCharge()
{
    RateLimiter limiter(1.0, 2);
    const auto t0 = RateLimiter::Clock::now();
    for (int i = 0; i < 10; ++i)
        QCOMPARE(limiter.wait(QStringLiteral("a"), t0), 0);
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QCOMPARE(limiter.acquire(QStringLiteral("a"), t0), 0);
    QVERIFY(limiter.wait(QStringLiteral("a"), t0) > 0);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"

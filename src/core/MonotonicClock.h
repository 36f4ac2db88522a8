#pragma once

#include <QElapsedTimer>

// Milliseconds on a clock that never jumps (unlike the wall clock when the user or NTP changes it): what
// countdowns run on. Tests substitute a hand-moved one.
class MonotonicClock
{
public:
    virtual ~MonotonicClock() = default;
    virtual qint64 nowMs() const = 0;
    static const MonotonicClock& system();
};

class ManualMonotonicClock final : public MonotonicClock
{
public:
    qint64 nowMs() const override { return m_now; }
    void advanceMs(qint64 ms) { m_now += ms; }

private:
    qint64 m_now = 1000000;
};

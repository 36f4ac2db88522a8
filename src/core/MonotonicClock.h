#pragma once

#include <QElapsedTimer>

// Milliseconds on a clock that never jumps (unlike the wall clock when the user or NTP changes it): what
// countdowns run on. Tests substitute a hand-moved one (tests/support/ManualMonotonicClock.h).
class MonotonicClock
{
public:
    virtual ~MonotonicClock() = default;
    virtual qint64 nowMs() const = 0;
    static const MonotonicClock& system();
};

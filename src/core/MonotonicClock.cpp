#include "MonotonicClock.h"

namespace {

class SteadyClock final : public MonotonicClock
{
public:
    SteadyClock() { m_timer.start(); }
    qint64 nowMs() const override { return m_timer.elapsed(); }

private:
    QElapsedTimer m_timer; // CLOCK_MONOTONIC on Linux
};

} // namespace

const MonotonicClock& MonotonicClock::system()
{
    static const SteadyClock clock;
    return clock;
}

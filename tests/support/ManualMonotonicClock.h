#pragma once

#include "core/MonotonicClock.h"

// A countdown clock moved by hand. (Tests only.)
class ManualMonotonicClock final : public MonotonicClock
{
public:
    qint64 nowMs() const override { return m_now; }
    void advanceMs(qint64 ms) { m_now += ms; }

private:
    qint64 m_now = 1000000;
};

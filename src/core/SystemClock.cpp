#include "SystemClock.h"

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

const Clock& Clock::system()
{
    static const SystemClock clock;
    return clock;
}

#pragma once

#include <QDateTime>

// Wall-clock time behind an interface so expiry, status and token tests can set "now".
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;

    // The real clock, in UTC; lives for the whole program.
    static const Clock& system();
};

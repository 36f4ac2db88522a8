#pragma once

#include "MonotonicClock.h"

#include <QString>
#include <optional>

// Time left on an access token, on the monotonic clock from the moment it was received (so a system
// clock change cannot stretch or cut it). Also says when to renew: a minute or a tenth of the lifetime
// before expiry, whichever is longer.
class TokenCountdown
{
public:
    enum class State
    {
        Normal,
        Warning,
        Expired,
        Unknown
    };
    static constexpr int WarningSeconds = 5 * 60;

    TokenCountdown() = default;
    TokenCountdown(const MonotonicClock& clock, std::optional<int> expiresInSeconds);

    int secondsLeft() const; // 0 once expired; -1 when the lifetime is unknown
    State state() const;
    QString text() const;        // "mm:ss" (or "h:mm:ss"), "expired", or "unknown"
    double fractionLeft() const; // 1.0 .. 0.0 for the progress bar
    bool shouldRenew() const;

private:
    const MonotonicClock* m_clock = nullptr;
    qint64 m_receivedMs = 0;
    std::optional<int> m_lifetime;
};

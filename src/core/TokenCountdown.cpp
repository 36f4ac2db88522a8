#include "TokenCountdown.h"

#include <QCoreApplication>
#include <algorithm>

TokenCountdown::TokenCountdown(const MonotonicClock& clock, std::optional<int> expiresInSeconds)
    : m_clock(&clock), m_receivedMs(clock.nowMs()), m_lifetime(expiresInSeconds)
{}

int TokenCountdown::secondsLeft() const
{
    if (!m_clock || !m_lifetime)
        return -1;
    const qint64 leftMs = qint64(*m_lifetime) * 1000 - (m_clock->nowMs() - m_receivedMs);
    // Round up: "00:01" is shown until the last millisecond, then "expired".
    return leftMs <= 0 ? 0 : int((leftMs + 999) / 1000);
}

TokenCountdown::State TokenCountdown::state() const
{
    const int left = secondsLeft();
    if (left < 0)
        return State::Unknown;
    if (left == 0)
        return State::Expired;
    return left < WarningSeconds ? State::Warning : State::Normal;
}

QString TokenCountdown::text() const
{
    const int left = secondsLeft();
    if (left < 0)
        return QCoreApplication::translate("TokenCountdown", "unknown");
    if (left == 0)
        return QCoreApplication::translate("TokenCountdown", "expired");
    const int h = left / 3600, m = (left % 3600) / 60, s = left % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(h)
            .arg(m, 2, 10, QLatin1Char('0'))
            .arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
}

double TokenCountdown::fractionLeft() const
{
    const int left = secondsLeft();
    if (left < 0 || !m_lifetime || *m_lifetime <= 0)
        return 0.0;
    return std::clamp(double(left) / *m_lifetime, 0.0, 1.0);
}

bool TokenCountdown::shouldRenew() const
{
    const int left = secondsLeft();
    if (left < 0)
        return false;
    const int margin = std::max(60, *m_lifetime / 10);
    return left <= margin;
}

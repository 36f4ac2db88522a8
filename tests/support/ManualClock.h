#pragma once

#include "core/Clock.h"

#include <QMutex>
#include <QMutexLocker>

// A clock that only moves when told to; thread-safe because the service reads it from worker threads.
// (Tests only: the product has no use for it.)
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC))
        : m_now(start.toUTC())
    {}

    QDateTime now() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_now;
    }
    void set(const QDateTime& moment)
    {
        QMutexLocker lock(&m_mutex);
        m_now = moment.toUTC();
    }
    void advanceSeconds(qint64 seconds)
    {
        QMutexLocker lock(&m_mutex);
        m_now = m_now.addSecs(seconds);
    }

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

#pragma once

#include "Clock.h"

#include <QMutex>

// A clock that only moves when told to; thread-safe because the service reads it from worker threads.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC));

    QDateTime now() const override;
    void set(const QDateTime& moment);
    void advanceSeconds(qint64 seconds);

private:
    mutable QMutex m_mutex;
    QDateTime m_now;
};

#include "ManualClock.h"

#include <QMutexLocker>

ManualClock::ManualClock(QDateTime start) : m_now(start.toUTC()) {}

QDateTime ManualClock::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_now;
}

void ManualClock::set(const QDateTime& moment)
{
    QMutexLocker lock(&m_mutex);
    m_now = moment.toUTC();
}

void ManualClock::advanceSeconds(qint64 seconds)
{
    QMutexLocker lock(&m_mutex);
    m_now = m_now.addSecs(seconds);
}

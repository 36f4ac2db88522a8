#pragma once

#include <QDateTime>
#include <QVariant>

// Moments are stored as INTEGER milliseconds since the epoch (UTC); NULL means "none".
namespace SqlTime {
inline QVariant toSql(const QDateTime& moment)
{
    return moment.isValid() ? QVariant(moment.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}
inline QDateTime fromSql(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}
} // namespace SqlTime

#pragma once

#include <QDateTime>
#include <QString>

// Dates as a security tool should show them: unambiguous in every locale, in the user's time zone.
namespace DateFormat {
inline QString date(const QDateTime& moment)
{
    return moment.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"));
}
inline QString dateTime(const QDateTime& moment)
{
    return moment.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace DateFormat

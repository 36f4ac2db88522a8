#include "Rfc3339.h"

namespace Rfc3339 {

QString format(const QDateTime& moment)
{
    if (!moment.isValid())
        return {};
    return moment.toUTC().toString(Qt::ISODate);
}

QDateTime parse(const QString& text)
{
    QDateTime moment = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!moment.isValid())
        return {};
    // A time without an offset is not RFC 3339: refuse to guess a zone.
    if (moment.timeSpec() == Qt::LocalTime)
        return {};
    return moment.toUTC();
}

} // namespace Rfc3339

#pragma once

#include <QDateTime>
#include <QString>

// RFC 3339 timestamps in UTC with a 'Z', as the service API speaks them.
namespace Rfc3339 {
QString format(const QDateTime& moment); // empty for an invalid moment
QDateTime parse(const QString& text);    // invalid when the text is not RFC 3339
} // namespace Rfc3339

#pragma once

#include "Connection.h"
#include "Credential.h"

#include <QHash>
#include <QList>

// An iCalendar (RFC 5545) file with one all-day event per key expiry date, so reviewers can put expiries in
// the calendar they already use. Never a secret: names, key ids, connections and dates only.
namespace IcsCalendar {
// Each event's alarm goes off this many days before, or as soon as the file is made for a closer expiry.
constexpr int AlarmLeadDays = 14;
QByteArray expiries(const QList<Credential>& credentials, const QHash<qint64, QString>& connectionNames,
                    const QDateTime& generatedAt);
// RFC 5545 §3.3.11 text escaping and §3.1 line folding (75 octets, CRLF + space), exposed for tests.
QByteArray escapeText(const QString& text);
QByteArray foldLine(const QByteArray& line);
} // namespace IcsCalendar

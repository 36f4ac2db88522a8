#include "IcsCalendar.h"

namespace IcsCalendar {

QByteArray escapeText(const QString& text)
{
    QByteArray out;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            out += "\\\\";
            break;
        case ';':
            out += "\\;";
            break;
        case ',':
            out += "\\,";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            break;
        default:
            out += QString(c).toUtf8();
        }
    }
    return out;
}

QByteArray foldLine(const QByteArray& line)
{
    // Fold at 75 octets without splitting a UTF-8 sequence (continuation bytes are 10xxxxxx).
    QByteArray out;
    qsizetype start = 0;
    int limit = 75;
    while (line.size() - start > limit) {
        qsizetype cut = start + limit;
        while (cut > start && (static_cast<unsigned char>(line.at(cut)) & 0xC0) == 0x80)
            --cut;
        out += line.mid(start, cut - start) + "\r\n ";
        start = cut;
        limit = 74; // the leading space counts
    }
    out += line.mid(start) + "\r\n";
    return out;
}

QByteArray expiries(const QList<Credential>& credentials, const QHash<qint64, QString>& connectionNames,
                    const QDateTime& generatedAt)
{
    QByteArray out =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//KeyDesk//Key expiries//EN\r\nCALSCALE:GREGORIAN\r\n";
    const QByteArray stamp = generatedAt.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
    for (const Credential& c : credentials) {
        if (!c.expiresAt.isValid())
            continue;
        const QDate day = c.expiresAt.toUTC().date();
        const QString connection = connectionNames.value(c.connectionId);
        out += "BEGIN:VEVENT\r\n";
        out +=
            foldLine("UID:" + escapeText(QStringLiteral("%1-%2@keydesk").arg(c.connectionId).arg(c.keyId)));
        out += "DTSTAMP:" + stamp + "\r\n";
        out += "DTSTART;VALUE=DATE:" + day.toString(QStringLiteral("yyyyMMdd")).toLatin1() + "\r\n";
        out += "DTEND;VALUE=DATE:" + day.addDays(1).toString(QStringLiteral("yyyyMMdd")).toLatin1() + "\r\n";
        out += foldLine("SUMMARY:" +
                        escapeText(QStringLiteral("API key expires: %1 (%2)").arg(c.name, connection)));
        out +=
            foldLine("DESCRIPTION:" +
                     escapeText(QStringLiteral("Key %1 of %2 expires at %3 UTC. Rotate it before then.\n%4")
                                    .arg(c.keyId, connection,
                                         c.expiresAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                         c.description)));
        // Two weeks ahead, but never before the file was made: a key that expires in 7 days is reminded
        // 7 days ahead, not with an alarm a week in the past. One already expired gets none.
        const qint64 daysLeft = generatedAt.toUTC().date().daysTo(day);
        if (daysLeft < 0) {
            out += "END:VEVENT\r\n";
            continue;
        }
        const qint64 lead = qMin(daysLeft, qint64(AlarmLeadDays));
        out += "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:" +
               (lead > 0 ? QByteArray("-P") + QByteArray::number(lead) + "D" : QByteArray("PT0S")) + "\r\n";
        const QString when = lead == 0   ? QStringLiteral("today")
                             : lead == 1 ? QStringLiteral("tomorrow")
                                         : QStringLiteral("in %1 days").arg(lead);
        out += foldLine("DESCRIPTION:" + escapeText(QStringLiteral("%1 expires %2").arg(c.name, when)));
        out += "END:VALARM\r\nEND:VEVENT\r\n";
    }
    out += "END:VCALENDAR\r\n";
    return out;
}

} // namespace IcsCalendar

#include "core/CredentialFormatter.h"
#include "core/IcsCalendar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

// A strict RFC 4180 reader, to prove the export parses back.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                field += QLatin1Char('"');
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

// RFC 5545: unfold (CRLF + space/tab), then split into content lines.
QStringList icsLines(const QByteArray& ics)
{
    QByteArray unfolded = ics;
    unfolded.replace("\r\n ", "");
    unfolded.replace("\r\n\t", "");
    QStringList lines = QString::fromUtf8(unfolded).split(QStringLiteral("\r\n"));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QString unescapeIcs(const QString& text)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\\') && i + 1 < text.size()) {
            const QChar n = text.at(++i);
            out += n == QLatin1Char('n') ? QStringLiteral("\n") : QString(n);
        } else {
            out += text.at(i);
        }
    }
    return out;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private slots:
    void csvParsesBack();
    void jsonParsesBack();
    void icsIsValidAndComplete();
    void icsFoldsLongUtf8LinesSafely();
    void icsAlarmIsNeverBeforeTheExport();

private:
    QList<Credential> sample() const;
    QHash<qint64, QString> m_names{{1, QStringLiteral("Local")}, {2, QStringLiteral("Vendor, Inc.")}};
    QDateTime m_now = QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);
};

QList<Credential> TestExport::sample() const
{
    Credential a;
    a.connectionId = 1;
    a.name = QStringLiteral("Billing export");
    a.keyId = QStringLiteral("kd_AAAA");
    a.last4 = QStringLiteral("x9Z2");
    a.description = QStringLiteral("commas, \"quotes\"; semicolons\nand a second line");
    a.createdAt = m_now.addDays(-10);
    a.expiresAt = m_now.addDays(20);
    Credential b;
    b.connectionId = 2;
    b.name = QStringLiteral("Überwachung");
    b.keyId = QStringLiteral("client-42");
    b.last4 = QStringLiteral("abcd");
    b.createdAt = m_now.addDays(-400);
    b.expiresAt = m_now.addDays(-1);
    Credential never;
    never.connectionId = 1;
    never.name = QStringLiteral("Forever");
    never.keyId = QStringLiteral("kd_NEVER");
    return {a, b, never};
}

void TestExport::csvParsesBack()
{
    const QList<QStringList> rows = parseCsv(CredentialFormatter::csv(sample(), m_names, m_now));
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(0).first(), QStringLiteral("name"));
    for (const QStringList& row : rows)
        QCOMPARE(row.size(), rows.at(0).size());
    QCOMPARE(rows.at(1).at(0), QStringLiteral("Billing export"));
    QCOMPARE(rows.at(1).at(rows.at(0).indexOf(QStringLiteral("description"))), sample().first().description);
    // Columns added later go at the end, so spreadsheets built on the old order keep working.
    QCOMPARE(rows.at(0).mid(9), (QStringList{QStringLiteral("description"), QStringLiteral("project"),
                                             QStringLiteral("created_by")}));
    QCOMPARE(rows.at(2).at(1), QStringLiteral("Vendor, Inc."));
    QCOMPARE(rows.at(2).at(4), QStringLiteral("expired"));
    QCOMPARE(rows.at(3).at(6), QStringLiteral("never"));
}

void TestExport::jsonParsesBack()
{
    QJsonParseError error{};
    const QJsonArray rows =
        QJsonDocument::fromJson(CredentialFormatter::json(sample(), m_names, m_now).toUtf8(), &error).array();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).toObject().value(QLatin1String("description")).toString(),
             sample().first().description);
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("Überwachung"));
    QVERIFY(rows.at(2).toObject().value(QLatin1String("last_used_at")).isNull());
}

void TestExport::icsIsValidAndComplete()
{
    const QByteArray ics = IcsCalendar::expiries(sample(), m_names, m_now);
    for (const QByteArray& raw : ics.split('\n')) {
        if (!raw.isEmpty())
            QVERIFY2(raw.endsWith('\r') && raw.size() <= 76, raw.constData()); // CRLF, at most 75 octets + CR
    }
    const QStringList lines = icsLines(ics);
    QCOMPARE(lines.first(), QStringLiteral("BEGIN:VCALENDAR"));
    QCOMPARE(lines.last(), QStringLiteral("END:VCALENDAR"));
    QVERIFY(lines.contains(QStringLiteral("VERSION:2.0")));
    QCOMPARE(lines.filter(QStringLiteral("BEGIN:VEVENT")).size(), 2); // "Forever" has no expiry
    QCOMPARE(lines.filter(QStringLiteral("END:VEVENT")).size(), 2);
    QVERIFY(lines.contains(QStringLiteral("DTSTART;VALUE=DATE:20261215")));
    QVERIFY(lines.contains(QStringLiteral("DTEND;VALUE=DATE:20261216")));
    const QString summary = lines.filter(QStringLiteral("SUMMARY:")).first().mid(8);
    QCOMPARE(unescapeIcs(summary), QStringLiteral("API key expires: Billing export (Local)"));
    const QString description = lines.filter(QStringLiteral("DESCRIPTION:Key kd_AAAA")).first().mid(12);
    QVERIFY(unescapeIcs(description).endsWith(sample().first().description));
    QCOMPARE(lines.filter(QStringLiteral("UID:")).size(), 2);
    QVERIFY(lines.filter(QStringLiteral("UID:")).first() != lines.filter(QStringLiteral("UID:")).last());
    QVERIFY(!ics.contains("kds_"));
}

void TestExport::icsAlarmIsNeverBeforeTheExport()
{
    auto alarmFor = [this](int daysLeft) {
        Credential c = sample().first();
        c.expiresAt = m_now.addDays(daysLeft);
        const QStringList lines = icsLines(IcsCalendar::expiries({c}, m_names, m_now));
        const QString trigger = lines.filter(QStringLiteral("TRIGGER:")).value(0);
        const int at = lines.indexOf(trigger);
        return QStringList{trigger, unescapeIcs(lines.value(at + 1))};
    };
    QCOMPARE(alarmFor(30), (QStringList{"TRIGGER:-P14D", "DESCRIPTION:Billing export expires in 14 days"}));
    // A 7-day key: reminded 7 days ahead, not with an alarm a week before it was even exported.
    QCOMPARE(alarmFor(7), (QStringList{"TRIGGER:-P7D", "DESCRIPTION:Billing export expires in 7 days"}));
    QCOMPARE(alarmFor(1), (QStringList{"TRIGGER:-P1D", "DESCRIPTION:Billing export expires tomorrow"}));
    QCOMPARE(alarmFor(0), (QStringList{"TRIGGER:PT0S", "DESCRIPTION:Billing export expires today"}));
    QCOMPARE(alarmFor(-3).first(), QString()); // already expired: its date is in the calendar, no alarm
}

void TestExport::icsFoldsLongUtf8LinesSafely()
{
    const QByteArray line =
        "SUMMARY:" + IcsCalendar::escapeText(QString(100, QChar(0x00DC))); // 200 octets of "Ü"
    const QByteArray folded = IcsCalendar::foldLine(line);
    for (const QByteArray& part : folded.split('\n')) {
        if (part.isEmpty())
            continue;
        QVERIFY(part.size() <= 76);
        QVERIFY(!QString::fromUtf8(part).contains(QChar::ReplacementCharacter));
    }
    QByteArray unfolded = folded;
    unfolded.replace("\r\n ", "");
    QCOMPARE(unfolded, line + "\r\n");
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"

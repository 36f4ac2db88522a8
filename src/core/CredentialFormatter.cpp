#include "CredentialFormatter.h"

#include "Rfc3339.h"
#include "TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QStringList fields(const Credential& c, const QHash<qint64, QString>& names, const QDateTime& now)
{
    return {c.name,
            names.value(c.connectionId),
            c.keyId,
            c.last4,
            keyStatusToString(c.statusAt(now)),
            Rfc3339::format(c.createdAt),
            c.expiresAt.isValid() ? Rfc3339::format(c.expiresAt) : QStringLiteral("never"),
            Rfc3339::format(c.lastUsedAt),
            Rfc3339::format(c.lastTestedAt),
            c.description,
            c.projectName,
            c.createdBy};
}

const QStringList kHeaders{
    QStringLiteral("name"),        QStringLiteral("connection"),   QStringLiteral("key_id"),
    QStringLiteral("last4"),       QStringLiteral("status"),       QStringLiteral("created_at"),
    QStringLiteral("expires_at"),  QStringLiteral("last_used_at"), QStringLiteral("last_tested_at"),
    QStringLiteral("description"), QStringLiteral("project"),      QStringLiteral("created_by")};

} // namespace

namespace CredentialFormatter {

QString csvField(const QString& text)
{
    // A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first: OWASP's list) gets a leading
    // apostrophe, which spreadsheets show as text; a key description must not run code on a reviewer's PC.
    static const QString formulaStarts = QStringLiteral("=+-@\t\r");
    const QString value =
        !text.isEmpty() && formulaStarts.contains(text.front()) ? QLatin1Char('\'') + text : text;
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csv(const QList<Credential>& rows, const QHash<qint64, QString>& names, const QDateTime& now)
{
    QString out = kHeaders.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const Credential& c : rows) {
        QStringList line;
        for (const QString& f : fields(c, names, now))
            line << csvField(f);
        out += line.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

QString json(const QList<Credential>& rows, const QHash<qint64, QString>& names, const QDateTime& now)
{
    QJsonArray items;
    for (const Credential& c : rows) {
        const QStringList f = fields(c, names, now);
        QJsonObject o;
        for (int i = 0; i < kHeaders.size(); ++i)
            o.insert(kHeaders.at(i), f.at(i).isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(f.at(i)));
        items.append(o);
    }
    return QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Indented));
}

QString table(const QList<Credential>& rows, const QHash<qint64, QString>& names, const QDateTime& now)
{
    const QStringList headers{QStringLiteral("NAME"),    QStringLiteral("CONNECTION"),
                              QStringLiteral("PROJECT"), QStringLiteral("KEY ID"),
                              QStringLiteral("LAST4"),   QStringLiteral("STATUS"),
                              QStringLiteral("EXPIRES")};
    QList<QStringList> lines{headers};
    for (const Credential& c : rows) {
        QStringList f = fields(c, names, now);
        for (QString& field : f) // a table is for a terminal: names and ids from a service may not act on it
            field = TerminalText::sanitized(field);
        lines << QStringList{f.at(0),
                             f.at(1),
                             f.at(10),
                             f.at(2),
                             QStringLiteral("\u2026") + f.at(3),
                             f.at(4),
                             c.expiresAt.isValid() ? c.expiresAt.toString(QStringLiteral("yyyy-MM-dd"))
                                                   : f.at(6)};
    }
    return TerminalText::table(lines);
}

} // namespace CredentialFormatter

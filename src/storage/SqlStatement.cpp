#include "SqlStatement.h"

QString SqlStatement::inlined() const
{
    QString result;
    int next = 0;
    for (const QChar ch : sql) {
        if (ch != QLatin1Char('?') || next >= values.size()) {
            result += ch;
            continue;
        }
        const QVariant& value = values.at(next++);
        if (value.isNull()) {
            result += QStringLiteral("NULL");
        } else if (value.typeId() == QMetaType::QString) {
            QString text = value.toString();
            text.replace(QLatin1Char('\''), QStringLiteral("''"));
            result += QLatin1Char('\'') + text + QLatin1Char('\'');
        } else {
            result += value.toString();
        }
    }
    return result;
}

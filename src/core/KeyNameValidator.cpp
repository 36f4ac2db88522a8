#include "KeyNameValidator.h"

#include <QChar>
#include <QCoreApplication>
#include <QList>

namespace {

bool isAllowedAfterFirst(char32_t c)
{
    return QChar::isLetter(c) || QChar::isDigit(c) || c == U' ' || c == U'-' || c == U'_' || c == U'.';
}

QString describe(char32_t c)
{
    if (c == U'\t')
        return QCoreApplication::translate("KeyNameValidator", "a tab");
    if (c == U'\n' || c == U'\r')
        return QCoreApplication::translate("KeyNameValidator", "a line break");
    if (QChar::isSpace(c))
        return QCoreApplication::translate("KeyNameValidator", "a special space character");
    if (!QChar::isPrint(c))
        return QCoreApplication::translate("KeyNameValidator", "an invisible character (U+%1)")
            .arg(QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    return QStringLiteral("\u201C") + QString::fromUcs4(&c, 1) + QStringLiteral("\u201D");
}

KeyNameValidator::Result fail(KeyNameValidator::Problem problem, QString message, int position = -1)
{
    return {problem, std::move(message), position};
}

} // namespace

QString KeyNameValidator::normalized(const QString& name)
{
    return name.normalized(QString::NormalizationForm_C);
}

KeyNameValidator::Result KeyNameValidator::validate(const QString& name)
{
    using P = Problem;
    const QList<uint> chars = normalized(name).toUcs4();
    if (chars.isEmpty())
        return fail(P::Empty, QCoreApplication::translate("KeyNameValidator", "Enter a name for the key."));
    if (chars.size() > MaxLength) {
        return fail(P::TooLong,
                    QCoreApplication::translate("KeyNameValidator",
                                                "The name is %1 characters long; at most %2 are allowed.")
                        .arg(chars.size())
                        .arg(MaxLength),
                    MaxLength);
    }
    const char32_t first = chars.first();
    if (!QChar::isLetter(first)) {
        return fail(
            P::FirstNotLetter,
            QCoreApplication::translate("KeyNameValidator", "The name must start with a letter, not %1.")
                .arg(describe(first)),
            0);
    }
    for (int i = 1; i < chars.size(); ++i) {
        const char32_t c = chars.at(i);
        if (!isAllowedAfterFirst(c)) {
            return fail(P::InvalidCharacter,
                        QCoreApplication::translate(
                            "KeyNameValidator",
                            "%1 is not allowed in a name. Use letters, digits, spaces, \u2018-\u2019, "
                            "\u2018_\u2019 or \u2018.\u2019.")
                            .arg(describe(c)),
                        i);
        }
    }
    if (chars.last() == U' ')
        return fail(P::TrailingSpace,
                    QCoreApplication::translate("KeyNameValidator", "The name must not end with a space."),
                    int(chars.size()) - 1);
    return {};
}

#include "ExpiryOption.h"

#include "Plural.h"

#include <QCoreApplication>

QList<ExpiryOption> allExpiryOptions()
{
    return {ExpiryOption::Days7,   ExpiryOption::Days30,  ExpiryOption::Days90,
            ExpiryOption::Days180, ExpiryOption::Days365, ExpiryOption::Never};
}

std::optional<int> expiryDays(ExpiryOption option)
{
    switch (option) {
    case ExpiryOption::Days7:
        return 7;
    case ExpiryOption::Days30:
        return 30;
    case ExpiryOption::Days90:
        return 90;
    case ExpiryOption::Days180:
        return 180;
    case ExpiryOption::Days365:
        return 365;
    case ExpiryOption::Never:
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<ExpiryOption> expiryOptionFromDays(std::optional<int> days)
{
    for (ExpiryOption option : allExpiryOptions()) {
        if (expiryDays(option) == days)
            return option;
    }
    return std::nullopt;
}

QString expiryOptionLabel(ExpiryOption option)
{
    if (option == ExpiryOption::Never)
        return QCoreApplication::translate("ExpiryOption", "No expiry");
    return plural(*expiryDays(option), "ExpiryOption", QT_TRANSLATE_NOOP("ExpiryOption", "%1 day"),
                  QT_TRANSLATE_NOOP("ExpiryOption", "%1 days"));
}

QDateTime expiryFrom(ExpiryOption option, const QDateTime& from)
{
    const std::optional<int> days = expiryDays(option);
    if (!days)
        return {};
    // Whole days of 86,400 s in UTC, so a key's lifetime does not shift with daylight saving.
    return from.toUTC().addSecs(qint64(*days) * 86400);
}

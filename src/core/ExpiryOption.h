#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

// The expiry periods the Generate Key dialog and the service offer.
enum class ExpiryOption
{
    Days7,
    Days30,
    Days90,
    Days180,
    Days365,
    Never
};

QList<ExpiryOption> allExpiryOptions();
// Number of days, or nullopt for Never.
std::optional<int> expiryDays(ExpiryOption option);
// The option for a number of days (nullopt days = Never); nullopt when the number is not offered.
std::optional<ExpiryOption> expiryOptionFromDays(std::optional<int> days);
QString expiryOptionLabel(ExpiryOption option);
// The moment a key created at `from` expires; an invalid QDateTime for Never.
QDateTime expiryFrom(ExpiryOption option, const QDateTime& from);

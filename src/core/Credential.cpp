#include "Credential.h"

bool Credential::isExpiredAt(const QDateTime& now) const
{
    return expiresAt.isValid() && now >= expiresAt;
}

KeyStatus Credential::statusAt(const QDateTime& now) const
{
    if (isExpiredAt(now))
        return KeyStatus::Expired;
    return storedStatus == KeyStatus::Inactive ? KeyStatus::Inactive : KeyStatus::Active;
}

bool Credential::expiresWithin(int days, const QDateTime& now) const
{
    return expiresAt.isValid() && !isExpiredAt(now) && expiresAt <= now.addDays(days);
}

bool Credential::rotationDueWithin(int reminderDays, const QDateTime& now) const
{
    if (!expiresWithin(reminderDays, now))
        return false;
    if (!createdAt.isValid() || createdAt >= expiresAt)
        return true; // its life is unknown: the reminder days alone decide
    return now.secsTo(expiresAt) <= createdAt.secsTo(expiresAt) / 4;
}

#pragma once

#include <QString>
#include <optional>

// Stored status is Active or Inactive; Expired is derived from the expiry moment and never stored.
enum class KeyStatus
{
    Active,
    Inactive,
    Expired
};

QString keyStatusToString(KeyStatus status);
std::optional<KeyStatus> keyStatusFromString(const QString& text);
// The word shown to people (translated), as opposed to the wire/database token above.
QString keyStatusDisplayName(KeyStatus status);

#pragma once

#include "SecretBytes.h"

#include <QString>
#include <optional>

// A bearer token from a client-credentials exchange. Lives in memory only: tokens are never written to disk.
struct AccessToken
{
    SecretBytes token;
    QString tokenType = QStringLiteral("Bearer");
    std::optional<int> expiresInSeconds; // nullopt: the provider did not say (RFC 6749 makes it optional)
    QString scope;
};

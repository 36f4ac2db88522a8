#pragma once

#include "Credential.h"
#include "ExpiryOption.h"

// Rotation of a service key: the successor's name (same name, "v2", "v3"... suffix, within the name rule)
// and its expiry option (the old key's lifetime, rounded to the nearest option offered).
namespace Rotation {
QString successorName(const QString& name);
ExpiryOption successorExpiry(const Credential& old);
} // namespace Rotation

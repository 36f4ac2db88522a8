#pragma once

#include "core/Expected.h"

#include <QString>

// The service's SQLite file holds the token signing key and the admin token's hash: a copy lets anyone forge
// tokens. New files are created owner-only; an existing file that others can read is refused, not silently
// fixed (someone may already have copied it).
namespace PrivateDatabaseFile {

Expected<void> check(const QString& path);

} // namespace PrivateDatabaseFile

#pragma once

#include "core/Expected.h"

#include <QSqlDatabase>
#include <QStringView>

struct sqlite3;

// Case-insensitive substring search for every script, not just ASCII: SQLite's LIKE folds only A-Z, so
// "über" would not find "Überwachung". Unicode simple case folding, the way the trigram index folds, so
// what the index offers is always a superset of what this accepts.
namespace FoldedContains {

// Whether `needle` occurs in `haystack`, ignoring case.
bool contains(QStringView haystack, QStringView needle);

// Adds `keydesk_contains(needle, text, ...)` to an open SQLite connection: 1 when the needle occurs in any
// of the texts (NULLs count as empty), else 0.
Expected<void> install(const QSqlDatabase& db);
// The same for a raw connection (the sqlite3 shell's, in bench/); returns SQLite's result code.
int registerFunction(sqlite3* connection);

} // namespace FoldedContains

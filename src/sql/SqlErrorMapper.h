#pragma once

#include "core/Error.h"

#include <QSqlError>

// Turns a QtSql error into KeyDesk's Error with words a person can act on. `action` says what we were
// doing ("save the key", "open the inventory"); the driver's text goes into the detail.
class SqlErrorMapper
{
public:
    static Error map(const QSqlError& error, const QString& action);
    // The SQLite primary result code, or -1 when the error did not come from SQLite.
    static int sqliteCode(const QSqlError& error);
    static bool isUniqueViolation(const QSqlError& error);
};

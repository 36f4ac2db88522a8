#include "SqlErrorMapper.h"

#include <QCoreApplication>

namespace {

// SQLite primary result codes (sqlite3.h); QtSql reports them as the native error code.
enum SqliteCode
{
    Busy = 5,
    Locked = 6,
    ReadOnly = 8,
    IoErr = 10,
    Corrupt = 11,
    Full = 13,
    CantOpen = 14,
    NotADb = 26,
};

} // namespace

int SqlErrorMapper::sqliteCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : -1;
}

bool SqlErrorMapper::isUniqueViolation(const QSqlError& error)
{
    // PostgreSQL reports SQLSTATE 23505; SQLite a constraint error whose text names UNIQUE.
    return error.nativeErrorCode() == QLatin1String("23505") ||
           (sqliteCode(error) == 19 && error.text().contains(QLatin1String("UNIQUE")));
}

Error SqlErrorMapper::map(const QSqlError& error, const QString& action)
{
    const QString detail = error.text();
    if (isUniqueViolation(error))
        return {
            Error::Kind::Conflict,
            QCoreApplication::translate("SqlErrorMapper", "Could not %1: an entry with the same name exists.")
                .arg(action),
            detail};
    switch (sqliteCode(error)) {
    case Busy:
    case Locked:
        return {Error::Kind::StorageLocked,
                QCoreApplication::translate(
                    "SqlErrorMapper",
                    "Could not %1: the database is in use by another program (another KeyDesk?). "
                    "Close it and try again; nothing was changed.")
                    .arg(action),
                detail};
    case ReadOnly:
        return {Error::Kind::StorageReadOnly,
                QCoreApplication::translate("SqlErrorMapper",
                                            "Could not %1: the database file or its folder is read-only.")
                    .arg(action),
                detail};
    case Full:
        return {Error::Kind::StorageFull,
                QCoreApplication::translate("SqlErrorMapper",
                                            "Could not %1: the disk is full. Nothing was changed.")
                    .arg(action),
                detail};
    case IoErr:
        return {
            Error::Kind::StorageFull,
            QCoreApplication::translate(
                "SqlErrorMapper",
                "Could not %1: writing to the disk failed (it may be full or failing). Nothing was changed.")
                .arg(action),
            detail};
    case Corrupt:
    case NotADb:
        return {Error::Kind::StorageCorrupt,
                QCoreApplication::translate(
                    "SqlErrorMapper",
                    "Could not %1: the file is damaged or is not a KeyDesk database. It was left untouched.")
                    .arg(action),
                detail};
    case CantOpen:
        return {
            Error::Kind::StorageReadOnly,
            QCoreApplication::translate(
                "SqlErrorMapper",
                "Could not %1: the file cannot be opened or created there (check the folder's permissions).")
                .arg(action),
            detail};
    default:
        return {Error::Kind::Storage,
                QCoreApplication::translate("SqlErrorMapper", "Could not %1.").arg(action), detail};
    }
}

#pragma once

#include "core/Expected.h"

#include <QString>

// Where the service keeps its data: a SQLite file, or a PostgreSQL database given as a URL.
struct DatabaseUrl
{
    QString driver; // "QSQLITE" or "QPSQL"
    QString path;   // SQLite file
    QString host;   // PostgreSQL host name or socket directory
    int port = -1;
    QString user;
    QString password;
    QString databaseName;

    bool isPostgres() const { return driver == QLatin1String("QPSQL"); }
    // "postgresql://" or "postgres://" URLs select PostgreSQL; anything else is a SQLite file path.
    static Expected<DatabaseUrl> parse(const QString& text);
    // For logs: never the password.
    QString redacted() const;
};

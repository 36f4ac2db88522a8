#pragma once

#include "core/Expected.h"

#include <QList>
#include <QPair>
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
    // Every other libpq connection parameter from the URL's query (sslmode, sslrootcert, passfile,
    // target_session_attrs, ...), checked against libpq's list so a typo fails instead of being ignored.
    QList<QPair<QString, QString>> parameters;

    bool isPostgres() const { return driver == QLatin1String("QPSQL"); }
    // "postgresql://" or "postgres://" URLs select PostgreSQL; anything else is a SQLite file path.
    static Expected<DatabaseUrl> parse(const QString& text);
    // The password from a file of the operator's (first line), instead of the URL where `ps` shows it.
    // Refused when other users can read the file, as libpq does for ~/.pgpass.
    Expected<void> readPasswordFile(const QString& file);
    // For logs: never the password.
    QString redacted() const;
    // The parameters as QPSQL connect options, values quoted for libpq; connect_timeout=5 unless given.
    QString connectOptions() const;
};

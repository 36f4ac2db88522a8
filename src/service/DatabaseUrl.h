#pragma once

#include "core/Expected.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Where the service keeps its data: a SQLite file, or a PostgreSQL database given as a URL.
struct DatabaseUrl
{
    QString driver;    // "QSQLITE" or "QPSQL"
    QString path;      // SQLite file
    QString host;      // PostgreSQL host name or socket directory; several, comma-separated, for libpq to try
    int port = -1;     // one port for every host
    QStringList ports; // or one a host, in order, when they differ ("" for libpq's default)
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
    // Whether `text` has a password in it (user:password@), however malformed the rest.
    static bool carriesPassword(const QString& text);
    // sslmode=verify-full or verify-ca: the server's certificate is checked.
    bool verifiesServerCertificate() const;
    // A Unix socket or a loopback address: nothing crosses a network.
    bool isOnThisMachine() const;
    // What an operator must hear before the service starts on `text`: a password in the URL, a network
    // connection whose server is not verified.
    static QStringList warningsFor(const QString& text);
    // For logs: never the password.
    QString redacted() const;
    // The parameters as QPSQL connect options, values quoted for libpq; connect_timeout=5 unless given.
    QString connectOptions() const;
};

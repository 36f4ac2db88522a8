#pragma once

#include <QString>

// Everything the service's behaviour depends on; keydesk-server fills it from its command line.
struct ServiceConfig
{
    QString database;             // SQLite file path, or postgresql://user@host:port/db[?libpq parameters]
    QString databasePasswordFile; // PostgreSQL password, first line; else PGPASSWORD or ~/.pgpass (libpq)
    // Whether a database that does not exist yet is made: keydesk-server's init and the app's embedded
    // service do; every other command says there is none (a typo must not start a second database).
    bool createDatabase = true;
    int maxKeysPerProject = 10;
    int tokenTtlSeconds = 3600;
    QString issuer = QStringLiteral("keydesk");
    int eventRetentionDays = 400; // the audit trail keeps this many days
    // Token buckets: sustained requests a second and burst size. 0 rate = unlimited.
    // Successful token and /health requests are counted per authenticated key; failed authentications per
    // source address and per existing key id (docs/security.md).
    double tokenRatePerSecond = 20;
    int tokenBurst = 40;
    double healthRatePerSecond = 200;
    int healthBurst = 400;
    double failureRatePerSecond = 1;
    int failureBurst = 20;
};

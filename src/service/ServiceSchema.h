#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The service's schema, append-only, the same SQL for SQLite and PostgreSQL (TEXT ids, BIGINT epoch ms)
// except where a statement says {serial}: an auto-numbered primary key, spelt per database.
class ServiceSchema
{
public:
    static const QList<QStringList>& migrations();
    static QString forDialect(QString statement, bool postgres);
    static int latestVersion() { return int(migrations().size()); }
};

#pragma once

#include <QList>
#include <QStringList>

// The service's schema, append-only, the same SQL for SQLite and PostgreSQL (TEXT ids, BIGINT epoch ms).
class ServiceSchema
{
public:
    static const QList<QStringList>& migrations();
    static int latestVersion() { return int(migrations().size()); }
};

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// One entry of the service's audit trail (docs/api.md, "Audit trail").
struct AuditEvent
{
    qint64 seq = 0; // increases with every entry; the paging cursor
    QDateTime at;
    QString actor;
    QString role;
    QString action; // project.created, key.deactivated, key.used, …
    QString projectId;
    QString keyId; // the key's public id (kd_…), which outlives the key
    QString source;
    QJsonObject detail;
    qint64 count = 1; // > 1 for aggregated entries (key.used, key.auth_failed)
};

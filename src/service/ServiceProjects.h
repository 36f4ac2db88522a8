#pragma once

#include "Actor.h"
#include "ApiError.h"
#include "AuditLog.h"
#include "ServiceDatabase.h"
#include "core/Clock.h"
#include "core/Expected.h"
#include "core/Project.h"

#include <QList>

// The service's projects: listed with their key counts, created, renamed and deleted (with their keys).
// Every change records who made it in the audit trail, in the same transaction. Thread-safe.
class ServiceProjects
{
public:
    template <typename T> using Result = Expected<T, ApiError>;

    ServiceProjects(ServiceDatabase& db, AuditLog& audit, const Clock& clock);

    Result<QList<Project>> list();
    Result<Project> create(const QString& name, const Actor& by);
    Result<Project> rename(const QString& projectId, const QString& name, const Actor& by);
    Result<void> remove(const QString& projectId, const Actor& by);
    Result<void> require(const QString& projectId); // not found: the API's 404

private:
    ServiceDatabase& m_db;
    AuditLog& m_audit;
    const Clock& m_clock;
};

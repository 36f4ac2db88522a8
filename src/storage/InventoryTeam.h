#pragma once

#include "core/AuditEvent.h"
#include "core/Expected.h"
#include "core/Project.h"
#include "core/Role.h"

#include <QList>

class InventoryStore;

// The team side of a KeyDesk service connection in the inventory: its projects, who this computer is signed
// in as with which role, and the audit events seen so far, so all of it reads offline. Works on the store's
// open file; never holds a secret.
class InventoryTeam
{
public:
    explicit InventoryTeam(InventoryStore& store) : m_store(store) {}

    // Makes the connection's projects equal to `projects` and records the identity, in one transaction.
    Expected<void> replaceProjects(qint64 connectionId, const QList<Project>& projects,
                                   const QString& signedInAs, std::optional<Role> role);
    Expected<QList<Project>> projects(qint64 connectionId) const;

    // Adds events (or updates the counts of those already kept: counted events grow).
    Expected<void> keepEvents(qint64 connectionId, const QList<AuditEvent>& events);
    // Newest first; a key's events by its public key id, or all of the connection's when keyId is empty.
    Expected<QList<AuditEvent>> events(qint64 connectionId, const QString& keyId = {}, int limit = 500) const;

private:
    InventoryStore& m_store;
};

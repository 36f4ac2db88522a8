#pragma once

#include "core/AuditEvent.h"
#include "net/ServiceClient.h"

class InventoryStore;

// The audit trail as the app's History tab and keydesk-cli events read it: what this computer kept (so it
// reads offline), and the service's newest events, kept for next time before they are returned.
class ReadHistory
{
public:
    explicit ReadHistory(InventoryStore& store) : m_store(store) {}

    // Newest first: a key's events (by its key id), or all of the connection's when keyId is empty.
    Expected<QList<AuditEvent>> kept(qint64 connectionId, const QString& keyId, int limit = 500) const;
    void fetch(ServiceClient& client, qint64 connectionId, const ServiceClient::EventQuery& query,
               ServiceClient::Callback<QList<AuditEvent>> done);

private:
    InventoryStore& m_store;
};

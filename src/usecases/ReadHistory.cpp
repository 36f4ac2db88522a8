#include "ReadHistory.h"

#include "storage/InventoryTeam.h"

Expected<QList<AuditEvent>> ReadHistory::kept(qint64 connectionId, const QString& keyId, int limit) const
{
    return InventoryTeam(m_store).events(connectionId, keyId, limit);
}

void ReadHistory::fetch(ServiceClient& client, qint64 connectionId, const ServiceClient::EventQuery& query,
                        ServiceClient::Callback<QList<AuditEvent>> done)
{
    InventoryStore& store = m_store; // the inventory outlives every request (its owner waits for them)
    client.listEvents(query, [&store, connectionId, done](Expected<ServiceClient::EventPage> page) {
        if (!page)
            return done(page.error());
        // Keeping them is a convenience for offline reading: the answer stands even if the disk refuses.
        (void)InventoryTeam(store).keepEvents(connectionId, page.value().events);
        done(page.value().events);
    });
}

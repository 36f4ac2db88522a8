#include "InventorySync.h"

#include <QPointer>

InventorySync::InventorySync(ServiceClient& client, InventoryStore& store, qint64 connectionId,
                             const Clock& clock, QObject* parent)
    : QObject(parent), m_client(client), m_store(store), m_connectionId(connectionId), m_clock(clock)
{}

void InventorySync::ensureProject(std::function<void(Expected<void>)> done)
{
    if (!m_projectId.isEmpty())
        return done({});
    QPointer<InventorySync> self(this);
    m_client.listProjects([self, done](Expected<QList<Project>> projects) {
        if (!self)
            return;
        if (!projects)
            return done(projects.error());
        if (!projects.value().isEmpty()) {
            self->m_projectId = projects.value().first().id;
            return done({});
        }
        self->m_client.createProject(defaultProjectName(), [self, done](Expected<Project> created) {
            if (!self)
                return;
            if (!created)
                return done(created.error());
            self->m_projectId = created.value().id;
            done({});
        });
    });
}

void InventorySync::refresh(std::function<void(Expected<void>)> done)
{
    QPointer<InventorySync> self(this);
    ensureProject([self, done](Expected<void> ready) {
        if (!self)
            return;
        if (!ready)
            return done(ready);
        self->m_client.listKeys(self->m_projectId, [self, done](Expected<ServiceClient::KeyList> list) {
            if (!self)
                return;
            if (!list)
                return done(list.error());
            self->m_keyLimit = list.value().limit;
            done(self->m_store.replaceCredentials(self->m_connectionId, list.value().keys,
                                                  self->m_clock.now()));
        });
    });
}

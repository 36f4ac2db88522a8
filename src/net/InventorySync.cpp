#include "InventorySync.h"

#include "storage/InventoryTeam.h"

#include <QPointer>

InventorySync::InventorySync(ServiceClient& client, InventoryStore& store, qint64 connectionId,
                             const Clock& clock, QObject* parent)
    : QObject(parent), m_client(client), m_store(store), m_connectionId(connectionId), m_clock(clock)
{}

std::optional<Project> InventorySync::project(const QString& projectId) const
{
    for (const Project& p : m_projects) {
        if (p.id == projectId)
            return p;
    }
    return std::nullopt;
}

void InventorySync::identify(std::function<void(Expected<void>)> done)
{
    QPointer<InventorySync> self(this);
    m_client.whoAmI([self, done](Expected<ServiceClient::Identity> me) {
        if (!self)
            return;
        if (me) {
            self->m_identity = me.value();
            return done({});
        }
        // A service from before people and roles has no /v1/me; its single admin token may do anything.
        if (me.error().kind() == Error::Kind::NotFound) {
            self->m_identity = {QString(), Role::Owner};
            return done({});
        }
        done(me.error());
    });
}

void InventorySync::loadProjects(std::function<void(Expected<void>)> done)
{
    QPointer<InventorySync> self(this);
    m_client.listProjects([self, done](Expected<QList<Project>> projects) {
        if (!self)
            return;
        if (!projects)
            return done(projects.error());
        self->m_projects = projects.value();
        if (!self->m_projects.isEmpty() || !self->allows(Permission::ManageKeys))
            return done({});
        self->m_client.createProject(defaultProjectName(), [self, done](Expected<Project> created) {
            if (!self)
                return;
            if (!created)
                return done(created.error());
            self->m_projects = {created.value()};
            done({});
        });
    });
}

void InventorySync::loadKeys(int index, std::shared_ptr<QList<Credential>> keys,
                             std::function<void(Expected<void>)> done)
{
    if (index >= m_projects.size())
        return done(store(*keys));
    QPointer<InventorySync> self(this);
    const QString projectId = m_projects.at(index).id;
    m_client.listKeys(projectId, [self, index, keys, done](Expected<ServiceClient::KeyList> list) {
        if (!self)
            return;
        if (!list)
            return done(list.error());
        self->m_keyLimit = list.value().limit;
        self->m_projects[index].keyCount = int(list.value().keys.size());
        *keys += list.value().keys;
        self->loadKeys(index + 1, keys, done);
    });
}

Expected<void> InventorySync::store(const QList<Credential>& keys)
{
    // Credentials first: a project row without its keys would show an empty project.
    if (auto mirrored = m_store.replaceCredentials(m_connectionId, keys, m_clock.now()); !mirrored)
        return mirrored;
    return InventoryTeam(m_store).replaceProjects(m_connectionId, m_projects, m_identity.name,
                                                  m_identity.role);
}

void InventorySync::refresh(std::function<void(Expected<void>)> done)
{
    QPointer<InventorySync> self(this);
    identify([self, done](Expected<void> known) {
        if (!self)
            return;
        if (!known)
            return done(known);
        self->loadProjects([self, done](Expected<void> loaded) {
            if (!self)
                return;
            if (!loaded)
                return done(loaded);
            self->loadKeys(0, std::make_shared<QList<Credential>>(), done);
        });
    });
}

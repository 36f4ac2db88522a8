#include "ServiceSession.h"

#include "storage/InventoryTeam.h"

#include <QPointer>
#include <utility>

ServiceSession::ServiceSession(ServiceClient& client, InventoryStore& store, qint64 connectionId,
                               const Clock& clock, QObject* parent)
    : QObject(parent), m_client(client), m_store(store), m_connectionId(connectionId), m_clock(clock)
{}

std::optional<Project> ServiceSession::project(const QString& projectId) const
{
    for (const Project& p : m_projects) {
        if (p.id == projectId)
            return p;
    }
    return std::nullopt;
}

void ServiceSession::identify(std::function<void(Expected<void>)> done)
{
    QPointer<ServiceSession> self(this);
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

void ServiceSession::loadProjects(std::shared_ptr<Snapshot> snapshot,
                                  std::function<void(Expected<void>)> done)
{
    QPointer<ServiceSession> self(this);
    m_client.listProjects([self, snapshot, done](Expected<QList<Project>> projects) {
        if (!self)
            return;
        if (!projects)
            return done(projects.error());
        snapshot->projects = projects.value();
        if (!snapshot->projects.isEmpty() || !self->allows(Permission::ManageKeys))
            return done({});
        self->m_client.createProject(defaultProjectName(), [self, snapshot, done](Expected<Project> created) {
            if (!self)
                return;
            if (!created)
                return done(created.error());
            snapshot->projects = {created.value()};
            done({});
        });
    });
}

void ServiceSession::loadKeys(int index, std::shared_ptr<Snapshot> snapshot,
                              std::function<void(Expected<void>)> done)
{
    if (index >= snapshot->projects.size())
        return done(store(*snapshot));
    QPointer<ServiceSession> self(this);
    const QString projectId = snapshot->projects.at(index).id;
    m_client.listKeys(projectId, [self, index, snapshot, done](Expected<ServiceClient::KeyList> list) {
        if (!self)
            return;
        if (!list)
            return done(list.error());
        snapshot->keyLimit = list.value().limit;
        snapshot->projects[index].keyCount = int(list.value().keys.size());
        snapshot->keys += list.value().keys;
        self->loadKeys(index + 1, snapshot, done);
    });
}

// An older refresh's result, written or not, is stale once a newer one runs: that one answers everybody.
void ServiceSession::finish(const Snapshot& snapshot, const Expected<void>& result)
{
    if (snapshot.generation != m_generation)
        return;
    const auto answered = std::exchange(m_waiting, {});
    for (const auto& done : answered)
        done(result);
}

Expected<void> ServiceSession::store(const Snapshot& snapshot)
{
    // A refresh that started before another one finished would write an older state: only the newest
    // refresh writes the inventory and what this object reports.
    if (snapshot.generation != m_generation)
        return {};
    m_projects = snapshot.projects;
    m_keyLimit = snapshot.keyLimit;
    // Credentials first: a project row without its keys would show an empty project.
    if (auto mirrored = m_store.replaceCredentials(m_connectionId, snapshot.keys, m_clock.now()); !mirrored)
        return mirrored;
    return InventoryTeam(m_store).replaceProjects(m_connectionId, m_projects, m_identity.name,
                                                  m_identity.role);
}

void ServiceSession::refresh(std::function<void(Expected<void>)> waiting)
{
    QPointer<ServiceSession> self(this);
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->generation = ++m_generation;
    m_waiting.append(std::move(waiting));
    auto done = [self, snapshot](Expected<void> result) {
        if (self)
            self->finish(*snapshot, result);
    };
    identify([self, snapshot, done](Expected<void> known) {
        if (!self)
            return;
        if (!known)
            return done(known);
        self->loadProjects(snapshot, [self, snapshot, done](Expected<void> loaded) {
            if (!self)
                return;
            if (!loaded)
                return done(loaded);
            self->loadKeys(0, snapshot, done);
        });
    });
}

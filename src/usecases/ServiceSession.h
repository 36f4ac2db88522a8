#pragma once

#include "core/Clock.h"
#include "net/ServiceClient.h"
#include "storage/InventoryStore.h"

#include <QObject>
#include <optional>

// The session with one KeyDesk service (ServiceSessions holds one per connected service): its client, who
// this computer is signed in as there (and the role), and the projects it sees. refresh() makes that
// connection's part of the inventory equal to what the service has: every project (on a fresh service it
// creates "Default") and every project's keys (in one transaction; the projects and the role in a second one
// right after). Refreshes may overlap: only the newest one writes.
class ServiceSession : public QObject
{
    Q_OBJECT

public:
    ServiceSession(ServiceClient& client, InventoryStore& store, qint64 connectionId,
                   const Clock& clock = Clock::system(), QObject* parent = nullptr);

    // Reads everything the token may see and writes it to the inventory. While refreshes overlap only the
    // newest writes, and every caller waiting is answered with its result once it has.
    void refresh(std::function<void(Expected<void>)> done);

    // The project new keys go to when nobody picked one: the first by name.
    QString projectId() const { return m_projects.isEmpty() ? QString() : m_projects.first().id; }
    QList<Project> projects() const { return m_projects; }
    std::optional<Project> project(const QString& projectId) const;
    int keyLimit() const { return m_keyLimit; }
    qint64 connectionId() const { return m_connectionId; }
    ServiceClient& client() { return m_client; }
    // Who the token belongs to; a service from before people and roles answers as an unnamed owner.
    ServiceClient::Identity identity() const { return m_identity; }
    bool allows(Permission permission) const { return roleAllows(m_identity.role, permission); }

    static QString defaultProjectName() { return QStringLiteral("Default"); }

private:
    // What one refresh has read so far.
    struct Snapshot
    {
        quint64 generation = 0;
        QList<Project> projects;
        QList<Credential> keys;
        int keyLimit = 0;
    };
    void identify(std::function<void(Expected<void>)> done);
    void loadProjects(std::shared_ptr<Snapshot> snapshot, std::function<void(Expected<void>)> done);
    void loadKeys(int index, std::shared_ptr<Snapshot> snapshot, std::function<void(Expected<void>)> done);
    Expected<void> store(const Snapshot& snapshot);
    void finish(const Snapshot& snapshot, const Expected<void>& result);

    ServiceClient& m_client;
    InventoryStore& m_store;
    qint64 m_connectionId;
    const Clock& m_clock;
    QList<Project> m_projects;
    ServiceClient::Identity m_identity{QString(), Role::Owner};
    int m_keyLimit = 0;
    quint64 m_generation = 0;
    QList<std::function<void(Expected<void>)>> m_waiting; // callers of refresh() not answered yet
};

#include "ServiceSessions.h"

#include "core/SecretStore.h"
#include "net/ServiceClient.h"
#include "storage/InventoryStore.h"
#include "usecases/ServiceSession.h"

#include <QPointer>
#include <QSet>
#include <algorithm>

// One connected service; its client and sync are children of the ServiceSessions.
struct ServiceSessions::Session
{
    qint64 connectionId = 0;
    ServiceClient* client = nullptr;
    ServiceSession* sync = nullptr;
};

// One refresh of every service: who has not answered yet, and what failed.
struct ServiceSessions::Round
{
    QSet<qint64> waiting;
    QList<Failure> failures;
    Refreshed done;
};

ServiceSessions::ServiceSessions(InventoryStore& store, QNetworkAccessManager* network, int deadlineMs,
                                 QObject* parent)
    : QObject(parent), m_store(store), m_network(network), m_deadlineMs(deadlineMs)
{}

ServiceSessions::~ServiceSessions() = default;

void ServiceSessions::setDeadlineMs(int deadlineMs)
{
    m_deadlineMs = deadlineMs;
    for (const auto& session : m_sessions)
        session->client->setDeadlineMs(deadlineMs);
}

ServiceSession& ServiceSessions::open(qint64 connectionId, const QUrl& url, SecretBytes token)
{
    // A refresh of the session this one replaces still gets its answer (from the old session, which stays).
    retire(connectionId);
    auto session = std::make_unique<Session>();
    session->connectionId = connectionId;
    session->client = new ServiceClient(m_network, url, std::move(token), this);
    session->client->setDeadlineMs(m_deadlineMs);
    session->sync = new ServiceSession(*session->client, m_store, connectionId, Clock::system(), this);
    ServiceSession& sync = *session->sync;
    m_sessions.push_back(std::move(session));
    return sync;
}

void ServiceSessions::openFromKeychain(const Connection& connection, SecretStore& secrets,
                                       std::function<void(Expected<ServiceSession*>)> done)
{
    QPointer<ServiceSessions> self(this);
    secrets.readSecret(connection.tokenAccount(), [self, connection, done](Expected<SecretBytes> token) {
        if (!self)
            return;
        if (!token) {
            return done(Error(token.error().kind(),
                              tr("Your token for %1 could not be read from the OS keychain (%2); "
                                 "if it is gone, connect to the service again.")
                                  .arg(connection.name, token.error().message())));
        }
        done(&self->open(connection.id, connection.url, std::move(token).value()));
    });
}

void ServiceSessions::openRemembered(SecretStore& secrets, std::function<void(QStringList)> done)
{
    auto connections = m_store.connections();
    auto pending = std::make_shared<QList<Connection>>();
    for (const Connection& c : connections ? connections.value() : QList<Connection>()) {
        if (c.kind == Connection::Kind::KeyDeskService && !c.embedded)
            *pending << c;
    }
    QStringList problems;
    if (!connections)
        problems << connections.error().message();
    openNext(pending, secrets, std::make_shared<QStringList>(problems), std::move(done));
}

void ServiceSessions::openNext(std::shared_ptr<QList<Connection>> pending, SecretStore& secrets,
                               std::shared_ptr<QStringList> problems, std::function<void(QStringList)> done)
{
    if (pending->isEmpty())
        return done(*problems);
    const Connection next = pending->takeFirst();
    QPointer<ServiceSessions> self(this);
    openFromKeychain(next, secrets,
                     [self, pending, &secrets, problems, done](Expected<ServiceSession*> opened) {
                         if (!self)
                             return;
                         if (!opened)
                             *problems << opened.error().message();
                         self->openNext(pending, secrets, problems, done);
                     });
}

void ServiceSessions::closeRemoved()
{
    auto connections = m_store.connections();
    if (!connections)
        return;
    QSet<qint64> kept;
    for (const Connection& c : connections.value())
        kept.insert(c.id);
    QList<qint64> gone;
    for (const auto& s : m_sessions) {
        if (!kept.contains(s->connectionId))
            gone << s->connectionId;
    }
    for (qint64 id : gone) {
        retire(id);
        m_reachable.remove(id);
        // A refresh still waiting for it does not wait for (or report) a connection that is gone.
        const auto rounds = m_rounds; // answering runs callbacks, which may start another refresh
        for (const std::weak_ptr<Round>& weak : rounds) {
            if (auto round = weak.lock())
                answer(round, id, std::nullopt);
        }
    }
}

void ServiceSessions::retire(qint64 connectionId)
{
    // Not deleted: a request in flight (a rotation's new key with its one-time secret, a refresh, a dialog
    // holding the client) still gets its answer. Retired sessions are few and end with the app.
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if ((*it)->connectionId == connectionId) {
            m_retired.push_back(std::move(*it));
            m_sessions.erase(it);
            return;
        }
    }
}

void ServiceSessions::refresh(Refreshed done)
{
    auto round = std::make_shared<Round>();
    round->done = std::move(done);
    for (const auto& s : m_sessions)
        round->waiting.insert(s->connectionId);
    m_rounds.erase(std::remove_if(m_rounds.begin(), m_rounds.end(),
                                  [](const std::weak_ptr<Round>& r) { return r.expired(); }),
                   m_rounds.end());
    m_rounds.push_back(round);
    if (round->waiting.isEmpty())
        return round->done({});
    QPointer<ServiceSessions> self(this);
    for (ServiceSession* sync : all()) {
        const qint64 id = sync->connectionId();
        sync->refresh([self, round, id](Expected<void> refreshed) {
            if (!self || !round->waiting.contains(id))
                return; // closed meanwhile
            self->m_reachable[id] = refreshed.ok();
            std::optional<Failure> failure;
            if (!refreshed) {
                auto connection = self->m_store.connection(id);
                failure = Failure{id, connection ? connection.value().name : QString(), refreshed.error()};
            }
            self->answer(round, id, failure);
        });
    }
}

void ServiceSessions::answer(const std::shared_ptr<Round>& round, qint64 connectionId,
                             const std::optional<Failure>& failure)
{
    if (!round->waiting.remove(connectionId))
        return;
    if (failure)
        round->failures << *failure;
    if (round->waiting.isEmpty() && round->done)
        std::exchange(round->done, nullptr)(round->failures);
}

QHash<qint64, bool> ServiceSessions::reachability() const
{
    QHash<qint64, bool> states;
    for (const auto& s : m_sessions)
        states.insert(s->connectionId, m_reachable.value(s->connectionId, false));
    return states;
}

QList<ServiceSession*> ServiceSessions::all() const
{
    QList<ServiceSession*> syncs;
    for (const auto& s : m_sessions)
        syncs << s->sync;
    return syncs;
}

const ServiceSessions::Session* ServiceSessions::find(qint64 connectionId) const
{
    for (const auto& s : m_sessions) {
        if (s->connectionId == connectionId)
            return s.get();
    }
    return nullptr;
}

ServiceSession* ServiceSessions::serviceFor(qint64 connectionId)
{
    const Session* session = find(connectionId);
    return session ? session->sync : nullptr;
}

Role ServiceSessions::roleOn(qint64 connectionId) const
{
    if (const Session* session = find(connectionId); session && reachable(connectionId))
        return session->sync->identity().role;
    auto connection = m_store.connection(connectionId);
    return connection && connection.value().role ? *connection.value().role : Role::Owner;
}

ServiceSessions::AddKeysRight ServiceSessions::mayAddKeys(std::optional<qint64> connectionId) const
{
    using Refusal = AddKeysRight::Refusal;
    AddKeysRight right;
    bool anyReached = false;
    right.refusal = connectionId ? Refusal::NotAService : Refusal::Unreachable;
    for (const auto& s : m_sessions) {
        if (connectionId && s->connectionId != *connectionId)
            continue;
        if (!reachable(s->connectionId)) {
            right.refusal = Refusal::Unreachable;
            continue;
        }
        anyReached = true;
        right.role = s->sync->identity().role;
        if (s->sync->allows(Permission::ManageKeys))
            return AddKeysRight{Refusal::None, right.role};
    }
    if (anyReached)
        right.refusal = Refusal::Role;
    return right;
}

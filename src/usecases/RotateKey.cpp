#include "RotateKey.h"

#include "CreateKey.h"
#include "ServiceDirectory.h"
#include "core/AnswerLater.h"
#include "core/Rotation.h"
#include "storage/InventoryStore.h"
#include "usecases/ServiceSession.h"

#include <QPointer>

RotateKey::RotateKey(InventoryStore& store, ServiceDirectory& services, QObject* parent)
    : QObject(parent), m_store(store), m_services(services)
{}

void RotateKey::createSuccessor(const Credential& old, Done done)
{
    ServiceSession* service = m_services.serviceFor(old.connectionId);
    auto connection = m_store.connection(old.connectionId);
    if (!service || !connection)
        return answerLater(this, std::move(done),
                           connection
                               ? Error(Error::Kind::Network,
                                       tr("Not connected to the service of \u201C%1\u201D: nothing was "
                                          "created.")
                                           .arg(old.name))
                               : connection.error());
    // The successor goes to the old key's project (older inventories did not record it: the default one).
    auto* create =
        new CreateKey(service->client(), old.project.isEmpty() ? service->projectId() : old.project, this);
    create->attachTo(connection.value());
    const CreateKey::Request request{Rotation::successorName(old.name), old.description,
                                     expiryDays(Rotation::successorExpiry(old)), old.remoteId};
    QPointer<RotateKey> self(this);
    QPointer<ServiceSession> sync(service);
    create->run(request, [self, sync, create, old, done](Expected<ServiceClient::CreatedKey> created) {
        create->deleteLater();
        if (!created || !self || !sync)
            return done(std::move(created));
        // The successor exists: whatever happens next, its secret goes back to the caller to be shown.
        auto key = std::make_shared<ServiceClient::CreatedKey>(std::move(created).value());
        sync->refresh([self, key, old, done](Expected<void>) {
            // v2 and its one-time secret reach the caller either way; a link that cannot be written loses
            // only the "Replaced by" line in v1's details.
            if (self)
                (void)self->link(old, key->key);
            done(std::move(*key));
        });
    });
}

Expected<void> RotateKey::link(const Credential& old, const Credential& successor)
{
    if (m_store.linkSuccessor(old.connectionId, successor.keyId, old.keyId))
        return {};
    // The sync did not bring the successor in (offline, refused): its row comes from the service's answer.
    if (auto saved = m_store.saveCredential(successor); !saved)
        return saved.error();
    return m_store.linkSuccessor(old.connectionId, successor.keyId, old.keyId);
}

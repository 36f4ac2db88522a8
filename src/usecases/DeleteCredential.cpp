#include "DeleteCredential.h"

#include "ServiceDirectory.h"
#include "core/AnswerLater.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "storage/KeptSecrets.h"
#include "usecases/ServiceSession.h"

#include <QCoreApplication>
#include <QPointer>

namespace {

// Why the keychain could not be asked, as a clause (the keychain's own message ends in advice that would
// contradict "is deleted").
QString keychainCause(const Error& error)
{
    switch (error.kind()) {
    case Error::Kind::KeychainLocked:
        return DeleteCredential::tr("the keychain is locked");
    case Error::Kind::KeychainUnavailable:
        return DeleteCredential::tr("no keychain could be reached");
    case Error::Kind::KeychainDenied:
        return DeleteCredential::tr("the keychain refused");
    case Error::Kind::Timeout:
        return DeleteCredential::tr("the keychain did not answer in time");
    default:
        return error.message();
    }
}

} // namespace

DeleteCredential::DeleteCredential(InventoryStore& store, SecretStore* secrets, ServiceDirectory& services,
                                   QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets), m_services(services)
{}

void DeleteCredential::run(const CredentialTarget& target, Done done)
{
    if (target.connection.kind == Connection::Kind::KeyDeskService)
        removeServiceKey(target, std::move(done));
    else
        removeProviderCredential(target, std::move(done));
}

bool DeleteCredential::neverKept(const Credential& credential) const
{
    // No keychain on this computer, or KeyDesk recorded that this key's secret was not kept there.
    return !m_secrets || KeptSecrets(m_store).kept(credential.connectionId, credential.keyId) == false;
}

void DeleteCredential::deleteSecret(const Credential& credential, bool kept,
                                    std::function<void(Expected<void>)> done)
{
    if (!kept)
        return done({});
    m_secrets->deleteSecret(credential.keychainAccount(), std::move(done));
}

QString DeleteCredential::withDeletionNote(const QString& message) const
{
    const QString note = m_secrets ? m_secrets->deletionNote() : QString();
    return note.isEmpty() ? message : message + QLatin1Char(' ') + note;
}

void DeleteCredential::removeServiceKey(const CredentialTarget& target, Done done)
{
    ServiceSession* service = m_services.serviceFor(target.connection.id);
    if (!service) {
        const Error offline(
            Error::Kind::Network,
            tr("Not connected to \u201C%1\u201D: nothing was deleted.").arg(target.connection.name));
        answerLater(this, std::move(done), offline);
        return;
    }
    QPointer<DeleteCredential> self(this);
    const Credential c = target.credential;
    service->client().deleteKey(
        c.project.isEmpty() ? service->projectId() : c.project, c.remoteId,
        [self, c, done](Expected<void> removed) {
            if (!self)
                return;
            if (!removed)
                return done(removed.error());
            // The key no longer works; what follows only tidies up this computer.
            const bool wasKept = !self->neverKept(c);
            // A row that cannot be removed now leaves at the next sync (the service no longer lists it);
            // the message says so rather than claim the list is tidy.
            const Expected<void> unlisted = self->m_store.removeCredential(c.id);
            const QString stillListed =
                unlisted ? QString()
                         : QLatin1Char(' ') + tr("This computer still lists it until the next refresh (%1).")
                                                  .arg(unlisted.error().message());
            self->deleteSecret(c, wasKept, [self, c, wasKept, stillListed, done](Expected<void> forgotten) {
                if (!self)
                    return;
                // A note that its secret was kept; stale only for a key that no longer exists.
                (void)KeptSecrets(self->m_store).forget(c.connectionId, c.keyId);
                const QString deleted =
                    tr("\u201C%1\u201D (%2) is deleted: the service refuses it from now on.")
                        .arg(c.name, c.keyId) +
                    stillListed;
                if (!wasKept)
                    return done(Outcome{deleted + QLatin1Char(' ') +
                                            tr("Its secret was never kept on this computer."),
                                        false});
                if (forgotten)
                    return done(Outcome{
                        self->withDeletionNote(deleted + QLatin1Char(' ') +
                                               tr("Its secret is gone from this computer's keychain.")),
                        false});
                // The keychain could not be asked (locked, absent, refused): whether it holds a copy is not
                // known, so say where one would be rather than claim there is one.
                done(Outcome{deleted + QLatin1Char(' ') +
                                 tr("Whether the OS keychain still holds a copy of its secret is not known: "
                                    "%1. If it does (service \u201Ckeydesk\u201D, account \u201C%2\u201D), "
                                    "remove it there with your keychain manager.")
                                     .arg(keychainCause(forgotten.error()), c.keychainAccount()),
                             true});
            });
        });
}

void DeleteCredential::removeProviderCredential(const CredentialTarget& target, Done done)
{
    QPointer<DeleteCredential> self(this);
    const Credential c = target.credential;
    // Keychain first: a row removed while its secret stays would leave a secret nobody can find.
    deleteSecret(c, !neverKept(c), [self, c, done](Expected<void> forgotten) {
        if (!self)
            return;
        if (!forgotten)
            return done(Error(forgotten.error().kind(),
                              tr("Nothing was deleted: the OS keychain did not remove the secret of "
                                 "\u201C%1\u201D. %2")
                                  .arg(c.name, forgotten.error().message()),
                              forgotten.error().detail()));
        if (auto removed = self->m_store.removeCredential(c.id); !removed)
            return done(Error(removed.error().kind(),
                              tr("The secret of \u201C%1\u201D is gone from the keychain, but the inventory "
                                 "still lists it: %2")
                                  .arg(c.name, removed.error().message()),
                              removed.error().detail()));
        done(Outcome{self->withDeletionNote(
                         tr("\u201C%1\u201D (%2) and its secret are deleted from this computer. The vendor "
                            "still knows it: revoke it in the vendor's dashboard too.")
                             .arg(c.name, c.keyId)),
                     false});
    });
}

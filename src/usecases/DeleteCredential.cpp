#include "DeleteCredential.h"

#include "ServiceDirectory.h"
#include "core/AnswerLater.h"
#include "net/InventorySync.h"
#include "storage/InventoryStore.h"
#include "storage/SecretStore.h"

#include <QCoreApplication>
#include <QPointer>

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

void DeleteCredential::deleteSecret(const Credential& credential, std::function<void(Expected<void>)> done)
{
    if (!m_secrets) // no keychain on this computer: KeyDesk cannot have kept anything there
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
    InventorySync* service = m_services.serviceFor(target.connection.id);
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
            (void)self->m_store.removeCredential(c.id);
            self->deleteSecret(c, [self, c, done](Expected<void> forgotten) {
                if (!self)
                    return;
                if (forgotten)
                    return done(Outcome{self->withDeletionNote(
                                            tr("\u201C%1\u201D (%2) is deleted: the service refuses it from "
                                               "now on, and its secret is gone from this computer.")
                                                .arg(c.name, c.keyId)),
                                        false});
                done(Outcome{
                    tr("\u201C%1\u201D (%2) is deleted, but its secret is still in the OS keychain "
                       "(service \u201Ckeydesk\u201D, account \u201C%3\u201D): %4 Remove it there with "
                       "your keychain manager.")
                        .arg(c.name, c.keyId, c.keychainAccount(), forgotten.error().message()),
                    true});
            });
        });
}

void DeleteCredential::removeProviderCredential(const CredentialTarget& target, Done done)
{
    QPointer<DeleteCredential> self(this);
    const Credential c = target.credential;
    // Keychain first: a row removed while its secret stays would leave a secret nobody can find.
    deleteSecret(c, [self, c, done](Expected<void> forgotten) {
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

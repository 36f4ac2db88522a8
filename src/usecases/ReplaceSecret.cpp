#include "ReplaceSecret.h"

#include "core/AnswerLater.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "storage/KeptSecrets.h"
#include "usecases/ClientKey.h"

#include <QPointer>

ReplaceSecret::ReplaceSecret(InventoryStore& store, SecretStore& secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

void ReplaceSecret::run(const Connection& connection, Credential credential, const SecretBytes& secret,
                        Done done)
{
    if (connection.kind == Connection::Kind::KeyDeskService)
        return answerLater(this, std::move(done),
                           Error(Error::Kind::InvalidInput,
                                 tr("A key of a KeyDesk service is rotated there, not replaced here.")));
    if (secret.isEmpty())
        return answerLater(this, std::move(done),
                           Error(Error::Kind::InvalidInput, tr("Paste the new secret.")));
    auto last4 = ClientKey::listedLast4(connection, secret);
    if (!last4)
        return answerLater(this, std::move(done), last4.error());
    credential.last4 = last4.value();
    QPointer<ReplaceSecret> self(this);
    m_secrets.writeSecret(
        credential.keychainAccount(), KeychainNames::label(credential.name, connection.name), secret,
        [self, credential, done](Expected<void> written) mutable {
            if (!self)
                return;
            if (!written)
                return done(Error(written.error().kind(),
                                  tr("The old secret is kept: the new one could not be "
                                     "stored in the OS keychain. %1")
                                      .arg(written.error().message()),
                                  written.error().detail()));
            if (auto saved = self->m_store.saveCredential(credential); !saved)
                return done(saved.error());
            // A hint only (KeptSecrets): if it cannot be written, deleting the key asks the keychain.
            (void)KeptSecrets(self->m_store).record(credential.connectionId, credential.keyId, true);
            done(credential);
        });
}

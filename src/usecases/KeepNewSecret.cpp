#include "KeepNewSecret.h"

#include "core/AnswerLater.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "storage/KeptSecrets.h"

#include <QPointer>

KeepNewSecret::KeepNewSecret(InventoryStore& store, SecretStore* secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

void KeepNewSecret::keep(const Credential& key, const SecretBytes& secret,
                         std::function<void(Expected<void>)> done)
{
    if (!m_secrets)
        return answerLater(
            this, std::move(done),
            Error(Error::Kind::KeychainUnavailable, tr("No OS keychain could be reached on this computer.")));
    const auto connection = m_store.connection(key.connectionId);
    const QString label = KeychainNames::label(key.name, connection ? connection.value().name : QString());
    QPointer<KeepNewSecret> self(this);
    m_secrets->writeSecret(key.keychainAccount(), label, secret, [self, key, done](Expected<void> written) {
        if (self && written)
            self->record(key, true);
        // A failed write is left unrecorded: after a deadline the keychain may still have stored it.
        done(std::move(written));
    });
}

void KeepNewSecret::record(const Credential& key, bool kept)
{
    (void)KeptSecrets(m_store).record(key.connectionId, key.keyId, kept); // a hint: unknown if unwritable
}

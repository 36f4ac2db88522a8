#include "EditProviderCredential.h"

#include "EditProvider.h"
#include "ReplaceSecret.h"
#include "core/AnswerLater.h"
#include "storage/InventoryStore.h"

#include <QPointer>

EditProviderCredential::EditProviderCredential(InventoryStore& store, SecretStore& secrets, QObject* parent)
    : QObject(parent), m_store(store), m_replace(new ReplaceSecret(store, secrets, this))
{}

Expected<void> EditProviderCredential::check(const Request& r)
{
    Connection edited = r.connection;
    edited.provider = r.provider;
    if (auto checked = EditProvider::check(edited, r.provider); !checked)
        return checked;
    if (edited.signsWithKey() != r.connection.signsWithKey() && r.secret.isEmpty())
        return Error(Error::Kind::InvalidInput,
                     edited.signsWithKey()
                         ? tr("A private key JWT credential needs a key: generate or load one.")
                         : tr("Paste the secret this client authentication sends."));
    return {};
}

Expected<Credential> EditProviderCredential::save(const Connection& edited, const Credential& credential)
{
    if (auto applied = EditProvider::apply(m_store, edited, edited.provider); !applied)
        return applied.error();
    if (auto saved = m_store.saveCredential(credential); !saved)
        return saved.error();
    return credential;
}

void EditProviderCredential::run(Request request, Done done)
{
    if (auto checked = check(request); !checked)
        return answerLater(this, std::move(done), checked.error());
    Connection edited = request.connection;
    edited.provider = request.provider;
    if (request.secret.isEmpty())
        return answerLater(this, std::move(done), save(edited, request.credential));
    QPointer<EditProviderCredential> self(this);
    m_replace->run(edited, request.credential, request.secret,
                   [self, edited, done](Expected<Credential> replaced) {
                       if (!self)
                           return;
                       if (!replaced)
                           return done(replaced.error());
                       done(self->save(edited, replaced.value()));
                   });
}

#include "ImportCredential.h"

#include "AddProviderConnection.h"
#include "core/AnswerLater.h"
#include "core/KeyNameValidator.h"
#include "core/SecretStore.h"
#include "net/ClientAssertion.h"
#include "storage/InventoryQuery.h"
#include "storage/InventoryStore.h"
#include "storage/KeptSecrets.h"
#include "usecases/ClientKey.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QPointer>

namespace {

QString displayName(const ImportCredential::Request& r)
{
    return r.name.trimmed().isEmpty() ? r.keyId.trimmed() : r.name;
}

} // namespace

ImportCredential::ImportCredential(InventoryStore& store, SecretStore& secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

Expected<void> ImportCredential::check(const Request& r)
{
    const Connection& c = r.connection;
    if (c.kind == Connection::Kind::KeyDeskService)
        return Error(Error::Kind::InvalidInput,
                     tr("Keys of a KeyDesk service are generated there, not imported."));
    // A connection made here is added under AddProviderConnection's rules, as keydesk-cli connections add.
    if (auto rules = c.id == 0 ? AddProviderConnection::check(c)
                               : AddProviderConnection::checkSettings(c.kind, c.provider);
        !rules)
        return rules;
    if (c.kind == Connection::Kind::OAuth2Provider && r.keyId.trimmed().isEmpty())
        return Error(Error::Kind::InvalidInput, tr("Paste the client ID."));
    if (r.secret.isEmpty())
        return Error(Error::Kind::InvalidInput,
                     tr("Paste the secret; it goes to the OS keychain, never to disk."));
    if (r.connection.signsWithKey()) {
        if (auto key = ClientAssertion::publicKey(r.secret); !key)
            return key.error();
    }
    if (!r.name.trimmed().isEmpty()) {
        const auto named = KeyNameValidator::validate(r.name);
        if (!named.ok())
            return Error(Error::Kind::InvalidInput, named.message);
    }
    return {};
}

Expected<Connection> ImportCredential::connectionFor(const Connection& asked, bool* added)
{
    *added = false;
    if (asked.id != 0)
        return m_store.connection(asked.id);
    Connection wanted = asked;
    wanted.name = asked.name.trimmed(); // as check() accepted it (Connection::checkedName)
    auto all = m_store.connections();
    if (!all)
        return all.error();
    for (const Connection& c : all.value()) {
        if (c.name != wanted.name)
            continue;
        if (c.kind != wanted.kind)
            return Error(Error::Kind::Conflict,
                         tr("A connection named \u201C%1\u201D of another kind exists; choose another name.")
                             .arg(wanted.name));
        return c;
    }
    auto id = m_store.addConnection(wanted);
    if (!id)
        return id.error();
    *added = true;
    return m_store.connection(id.value());
}

Credential ImportCredential::existingOrNew(const Request& request, const Connection& connection)
{
    // The same client id again is the vendor's new secret for it: replaced in place, so its name (and the
    // keydesk:// references that use it), expiry, dates and test results stay unless new ones are given.
    if (auto listed = m_store.credentials(InventoryQuery::inConnection(connection.id))) {
        for (Credential c : listed.value()) {
            if (c.keyId != request.keyId)
                continue;
            if (!request.name.trimmed().isEmpty())
                c.name = KeyNameValidator::normalized(request.name);
            if (request.expiresAt.isValid())
                c.expiresAt = request.expiresAt;
            m_replaced = true;
            return c;
        }
    }
    Credential credential;
    credential.connectionId = connection.id;
    credential.connectionUid = connection.uid;
    credential.keyId = request.keyId;
    credential.name = KeyNameValidator::normalized(displayName(request));
    credential.createdAt = QDateTime::currentDateTimeUtc();
    credential.expiresAt = request.expiresAt;
    return credential;
}

void ImportCredential::run(Request request, Done done)
{
    if (auto checked = check(request); !checked)
        return answerLater(this, std::move(done), checked.error());
    QString keyId = request.keyId.trimmed();
    if (keyId.isEmpty()) // an API key without an id: a stable local id derived from it (not reversible)
        keyId = QStringLiteral("key_") +
                QString::fromLatin1(
                    QCryptographicHash::hash(QByteArray(request.secret.data(), request.secret.size()),
                                             QCryptographicHash::Sha256)
                        .toHex()
                        .left(12));
    bool added = false;
    auto connection = connectionFor(request.connection, &added);
    if (!connection)
        return answerLater(this, std::move(done), connection.error());
    // A connection reused by name authenticates as it was set up, whatever the form said: a private key must
    // never be kept where a secret is sent (it would go out as client_secret), nor a secret where one signs.
    const bool wantsKey = request.connection.signsWithKey();
    request.connection = connection.value();
    if (request.connection.signsWithKey() != wantsKey)
        return answerLater(this, std::move(done),
                           Error(Error::Kind::Conflict,
                                 wantsKey ? tr("\u201C%1\u201D authenticates with a secret; give this "
                                               "private key JWT credential a connection of its own.")
                                                .arg(connection.value().name)
                                          : tr("\u201C%1\u201D uses a private key JWT; paste no secret "
                                               "there, or give this credential a connection of its own.")
                                                .arg(connection.value().name)));
    request.keyId = keyId;
    Credential credential = existingOrNew(request, connection.value());
    if (const auto named = KeyNameValidator::validate(credential.name); !named.ok()) // the id as a name
        return answerLater(this, std::move(done), Error(Error::Kind::InvalidInput, named.message));
    credential.last4 = ClientKey::listedLast4(request.connection, request.secret).value(); // checked above
    QPointer<ImportCredential> self(this);
    m_secrets.writeSecret(
        credential.keychainAccount(), KeychainNames::label(credential.name, request.connection.name),
        request.secret, [self, credential, added, done](Expected<void> stored) mutable {
            if (!self)
                return;
            if (!stored) {
                if (added) // undone as far as it can be; the keychain's error is the one to report
                    (void)self->m_store.removeConnection(credential.connectionId);
                return done(Error(stored.error().kind(),
                                  tr("Nothing was saved: the secret could not be kept in the "
                                     "OS keychain. %1")
                                      .arg(stored.error().message()),
                                  stored.error().detail()));
            }
            auto saved = self->m_store.saveCredential(credential);
            if (!saved)
                return done(saved.error());
            // A hint only (KeptSecrets): if it cannot be written, deleting the key asks the keychain.
            (void)KeptSecrets(self->m_store).record(credential.connectionId, credential.keyId, true);
            credential.id = saved.value();
            done(credential);
        });
}

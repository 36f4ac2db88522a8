#include "TestCredential.h"

#include "core/AnswerLater.h"
#include "storage/InventoryStore.h"
#include "storage/SecretStore.h"

#include <QCoreApplication>
#include <QPointer>

TestCredential::TestCredential(SecretStore& secrets, TokenClient& tokens, TestCall& call,
                               InventoryStore& store, QObject* parent)
    : QObject(parent), m_secrets(secrets), m_call(call), m_store(store), m_requestToken(secrets, tokens)
{}

void TestCredential::run(const CredentialTarget& target, Done done)
{
    if (!target.provider.testUrl.isValid()) {
        const Error none(
            Error::Kind::InvalidInput,
            tr("\u201C%1\u201D has no test URL: add one to its connection.").arg(target.credential.name));
        answerLater(this, std::move(done), none);
        return;
    }
    QPointer<TestCredential> self(this);
    if (target.connection.kind == Connection::Kind::OAuth2Provider) {
        m_requestToken.run(target, [self, target, done](Expected<AccessToken> token) {
            if (!self)
                return;
            if (!token) {
                self->record(target.credential, QDateTime::currentDateTimeUtc(), tr("Failed: no token"));
                return done(token.error());
            }
            self->send(target, ProviderSettings::HeaderStyle::Bearer, token.value().token, done);
        });
        return;
    }
    m_secrets.readSecret(
        target.credential.keychainAccount(), [self, target, done](Expected<SecretBytes> secret) {
            if (!self)
                return;
            if (!secret)
                return done(RequestToken::secretUnavailable(target.credential, secret.error()));
            self->send(target, target.provider.testHeader, secret.value(), done);
        });
}

void TestCredential::send(const CredentialTarget& target, ProviderSettings::HeaderStyle style,
                          const SecretBytes& credential, Done done)
{
    QPointer<TestCredential> self(this);
    const Credential tested = target.credential;
    m_call.run(target.provider.testUrl, style, credential, target.provider.expectedStatus,
               [self, tested, done](TestCall::Result result) {
                   if (self)
                       self->record(tested, result.testedAt, result.summary);
                   done(std::move(result));
               });
}

void TestCredential::record(const Credential& credential, const QDateTime& at, const QString& summary)
{
    // A test result that cannot be recorded is still a result: the caller shows it either way.
    (void)m_store.recordTest(credential.id, at, summary);
}

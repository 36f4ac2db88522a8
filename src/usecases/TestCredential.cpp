#include "TestCredential.h"

#include "core/AnswerLater.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"

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

void TestCredential::adviseOnStatus(TestResult& result, const CredentialTarget& target)
{
    // Refused because KeyDesk already knows the key is off: "check that you copied all of it" would send
    // the user looking in the wrong place.
    if (result.passed || (result.status != 401 && result.status != 403))
        return;
    const KeyStatus status = target.credential.statusAt(result.testedAt);
    if (status == KeyStatus::Inactive)
        result.explanation = TestCall::explainWith(
            tr("This key is deactivated, so the service refuses it. Activate it to use it again."),
            result.serviceSaid);
    else if (status == KeyStatus::Expired)
        result.explanation = TestCall::explainWith(
            target.connection.kind == Connection::Kind::KeyDeskService
                ? tr("This key has expired, so the service refuses it. Rotate it or generate a new key.")
                : tr("This credential has expired, so the service refuses it. Get a new secret from the "
                     "vendor and replace the kept one."),
            result.serviceSaid);
}

void TestCredential::send(const CredentialTarget& target, ProviderSettings::HeaderStyle style,
                          const SecretBytes& credential, Done done)
{
    QPointer<TestCredential> self(this);
    const Credential tested = target.credential;
    m_call.run(target.provider.testUrl, style, credential, target.provider.expectedStatus,
               [self, tested, target, done](TestResult result) {
                   adviseOnStatus(result, target);
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

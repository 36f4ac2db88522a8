#include "RequestToken.h"

#include "core/AnswerLater.h"
#include "core/SecretStore.h"
#include "net/TokenClient.h"

#include <QCoreApplication>
#include <QPointer>

RequestToken::RequestToken(SecretStore& secrets, TokenClient& tokens, QObject* parent)
    : QObject(parent), m_secrets(secrets), m_tokens(tokens)
{}

Error RequestToken::secretUnavailable(const Credential& credential, const Error& keychainError)
{
    if (keychainError.kind() != Error::Kind::SecretNotFound)
        return keychainError;
    return {Error::Kind::SecretNotFound,
            QCoreApplication::translate("RequestToken",
                                        "The secret of \u201C%1\u201D is not available on this computer: it "
                                        "was not kept in this keychain, or was removed.")
                .arg(credential.name),
            keychainError.detail()};
}

void RequestToken::run(const CredentialTarget& target, Done done)
{
    if (target.connection.kind == Connection::Kind::ApiKeyProvider) {
        const Error refused(Error::Kind::InvalidInput,
                            QCoreApplication::translate("RequestToken",
                                                        "\u201C%1\u201D is an API key: it is sent as it is, "
                                                        "there is no token to get.")
                                .arg(target.credential.name));
        answerLater(this, std::move(done), refused);
        return;
    }
    QPointer<RequestToken> self(this);
    const Credential credential = target.credential;
    const ProviderSettings provider = target.provider;
    m_secrets.readSecret(credential.keychainAccount(),
                         [self, credential, provider, done](Expected<SecretBytes> secret) {
                             if (!self)
                                 return;
                             if (!secret)
                                 return done(secretUnavailable(credential, secret.error()));
                             self->m_tokens.requestToken(provider, credential.keyId, secret.value(), done);
                         });
}

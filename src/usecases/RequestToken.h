#pragma once

#include "CredentialTarget.h"
#include "core/AccessToken.h"

#include <QObject>
#include <functional>

class SecretStore;
class TokenClient;

// Exchanges a credential's client id and secret (read from the OS keychain) for an access token at its
// token endpoint -- the only place a client secret is ever sent. API keys have no token: refused here.
class RequestToken : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<AccessToken>)>;

    RequestToken(SecretStore& secrets, TokenClient& tokens, QObject* parent = nullptr);
    void run(const CredentialTarget& target, Done done);

    // The keychain's answer for a credential, with a sentence that names it when its secret is not there.
    static Error secretUnavailable(const Credential& credential, const Error& keychainError);

private:
    SecretStore& m_secrets;
    TokenClient& m_tokens;
};

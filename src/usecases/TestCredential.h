#pragma once

#include "CredentialTarget.h"
#include "RequestToken.h"
#include "net/TestCall.h"

#include <QObject>
#include <functional>

class InventoryStore;
class SecretStore;
class TokenClient;

// "Test": sends the credential's test call and records the result in the inventory. What is sent where is
// decided here and nowhere else: an API key (or a KeyDesk key, at its own service's /health) goes as it is;
// an OAuth2 client is first exchanged for a token at its token endpoint and only the token is sent to the
// test URL -- a client secret never leaves for any other address.
class TestCredential : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<TestResult>)>;

    TestCredential(SecretStore& secrets, TokenClient& tokens, TestCall& call, InventoryStore& store,
                   QObject* parent = nullptr);
    void run(const CredentialTarget& target, Done done);

private:
    void send(const CredentialTarget& target, ProviderSettings::HeaderStyle style,
              const SecretBytes& credential, Done done);
    static void adviseOnStatus(TestResult& result, const CredentialTarget& target);
    void record(const Credential& credential, const QDateTime& at, const QString& summary);

    SecretStore& m_secrets;
    TestCall& m_call;
    InventoryStore& m_store;
    RequestToken m_requestToken;
};

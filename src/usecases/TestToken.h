#pragma once

#include "core/Credential.h"
#include "core/ProviderSettings.h"
#include "core/SecretBytes.h"
#include "core/TestResult.h"

#include <QObject>
#include <functional>

class InventoryStore;
class TestCall;

// "Test" in the token generator: sends a token just issued for a credential to that credential's test URL
// as a bearer token, and records the result with the credential (as TestCredential does). A refusal is
// explained in terms of that token: it was issued whole a moment ago, so "check that you copied all of it"
// would mislead.
class TestToken : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(TestResult)>;

    // `inventory`: where results are recorded; nullptr records nothing.
    TestToken(TestCall& call, InventoryStore* inventory, QObject* parent = nullptr);
    // `expired`: the token's lifetime had run out when the test was asked for.
    void run(const Credential& credential, const ProviderSettings& provider, const SecretBytes& token,
             bool expired, Done done);

private:
    TestCall& m_call;
    InventoryStore* m_inventory;
};

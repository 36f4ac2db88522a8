#include "TestToken.h"

#include "net/TestCall.h"
#include "storage/InventoryStore.h"

#include <QPointer>

TestToken::TestToken(TestCall& call, InventoryStore* inventory, QObject* parent)
    : QObject(parent), m_call(call), m_inventory(inventory)
{}

void TestToken::run(const Credential& credential, const ProviderSettings& provider, const SecretBytes& token,
                    bool expired, Done done)
{
    QPointer<TestToken> self(this);
    const qint64 credentialId = credential.id;
    m_call.run(provider.testUrl, ProviderSettings::HeaderStyle::Bearer, token, provider.expectedStatus,
               [self, credentialId, expired, done](TestResult result) {
                   if (result.status == 401)
                       result.explanation = TestCall::explainWith(
                           expired ? tr("The token has expired: generate a new one.")
                                   : tr("The service refused a token it issued itself: the key behind it "
                                        "was probably deactivated, deleted or rotated since. Check the "
                                        "key's status, then generate a new token."),
                           result.serviceSaid);
                   // A result that cannot be recorded is still a result: it is shown either way.
                   if (self && self->m_inventory && credentialId > 0)
                       (void)self->m_inventory->recordTest(credentialId, result.testedAt, result.summary);
                   done(std::move(result));
               });
}

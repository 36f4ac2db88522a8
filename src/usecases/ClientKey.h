#pragma once

#include "core/Connection.h"
#include "core/Credential.h"
#include "net/ClientAssertion.h"

#include <functional>

class SecretStore;

// The key pair of a private_key_jwt credential, as the app's Add Provider Credential and keydesk-cli import
// get it: made here, or brought in as PEM (encrypted PEM with its passphrase). Either way only its PKCS#8
// form goes on, to ImportCredential and so to the OS keychain. Its public half is read back from the keychain
// for the vendor's console.
namespace ClientKey {

struct Source
{
    bool generate = true; // else `pem`
    ClientAssertion::Algorithm algorithm = ClientAssertion::Algorithm::ES256;
    SecretBytes pem;
    SecretBytes passphrase;
};

static constexpr int MaxPemBytes = 64 * 1024;

Expected<SecretBytes> make(const Source& source);
// What the inventory lists for a kept secret: its last four characters, or for a key its key id's (a PEM ends
// in dashes). Fails for a connection that signs when `secret` is no key that can.
Expected<QString> listedLast4(const Connection& connection, const SecretBytes& secret);
bool isEncrypted(const SecretBytes& pem);

using PublicKeyDone = std::function<void(Expected<ClientAssertion::PublicKey>)>;
// Refuses a credential that authenticates with a secret; reads the key from the keychain otherwise.
void readPublicKey(SecretStore& secrets, const Connection& connection, const Credential& credential,
                   PublicKeyDone done);

} // namespace ClientKey

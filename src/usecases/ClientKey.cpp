#include "ClientKey.h"

#include "core/SecretStore.h"

#include <QCoreApplication>

namespace ClientKey {

Expected<SecretBytes> make(const Source& source)
{
    if (source.generate)
        return ClientAssertion::generateKey(source.algorithm);
    if (source.pem.size() > MaxPemBytes)
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("ClientKey", "That is too long for a private key."));
    if (source.pem.isEmpty())
        return Error(
            Error::Kind::InvalidInput,
            QCoreApplication::translate("ClientKey", "Paste the private key or load it from a file."));
    return ClientAssertion::importKey(source.pem, source.passphrase);
}

Expected<QString> listedLast4(const Connection& connection, const SecretBytes& secret)
{
    if (connection.signsWithKey()) {
        auto key = ClientAssertion::publicKey(secret);
        if (!key)
            return key.error();
        return key.value().kid.right(4);
    }
    QString text = secret.toUtf8String();
    const QString last4 = text.right(4);
    SecretBytes::wipe(text);
    return last4;
}

bool isEncrypted(const SecretBytes& pem)
{
    return QByteArrayView(pem.data(), pem.size()).contains("ENCRYPTED"); // no copy of the key to wipe
}

void readPublicKey(SecretStore& secrets, const Connection& connection, const Credential& credential,
                   PublicKeyDone done)
{
    if (!connection.signsWithKey())
        return done(
            Error(Error::Kind::InvalidInput,
                  QCoreApplication::translate("ClientKey", "%1 authenticates with a secret, not a key pair.")
                      .arg(credential.name)));
    secrets.readSecret(credential.keychainAccount(), [done](Expected<SecretBytes> pem) {
        if (!pem)
            return done(pem.error());
        done(ClientAssertion::publicKey(pem.value()));
    });
}

} // namespace ClientKey

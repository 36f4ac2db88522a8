#pragma once

#include "core/Expected.h"
#include "core/SecretBytes.h"

#include <QJsonObject>
#include <QString>
#include <optional>

// private_key_jwt client authentication (RFC 7523 §2.2, RFC 7521): the client's key pair, and the short-lived
// assertion signed with it for each token request. The private key is PKCS#8 PEM held in SecretBytes (it
// lives in the OS keychain); its public half is shown as a JWK (with its RFC 7638 thumbprint as `kid`) and as
// PEM for the vendor's console. RS256 needs RSA of at least 2048 bits, ES256 the P-256 curve; anything else
// is refused.
struct evp_pkey_st; // OpenSSL's EVP_PKEY

class ClientAssertion
{
public:
    enum class Algorithm
    {
        RS256,
        ES256
    };
    struct PublicKey
    {
        Algorithm algorithm = Algorithm::RS256;
        QString kid;     // RFC 7638 JWK thumbprint (SHA-256, base64url)
        QJsonObject jwk; // with kid, alg and use "sig"
        QByteArray pem;  // SubjectPublicKeyInfo
    };
    struct Claims
    {
        QString clientId;    // iss and sub
        QString audience;    // the token endpoint URL, or what the vendor asks for
        qint64 issuedAt = 0; // seconds since the epoch
        int lifetimeSeconds = 120;
    };
    static constexpr int MaxLifetimeSeconds = 300;

    static Expected<SecretBytes> generateKey(Algorithm algorithm);
    // Any PEM private key (PKCS#8, traditional RSA or EC, encrypted with `passphrase`) as PKCS#8 PEM.
    static Expected<SecretBytes> importKey(const SecretBytes& pem, const SecretBytes& passphrase = {});
    static Expected<PublicKey> publicKey(const SecretBytes& privatePem);
    // A compact JWS: header {alg, typ, kid}, claims {iss, sub, aud, jti, iat, exp}.
    static Expected<SecretBytes> sign(const SecretBytes& privatePem, const Claims& claims);

    static QString algorithmName(Algorithm algorithm);
    static std::optional<Algorithm> algorithmFromName(const QString& name);
    static QJsonObject jwks(const PublicKey& key);
    // RFC 7638: SHA-256 over the required members in lexicographic order, base64url.
    static QString thumbprint(const QJsonObject& jwk);

private:
    static Expected<PublicKey> publicHalf(evp_pkey_st* key);
};

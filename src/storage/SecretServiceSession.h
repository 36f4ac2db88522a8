#pragma once

#include "core/SecretBytes.h"

#include <QByteArray>
#include <optional>

struct evp_pkey_st;

// The Secret Service's encrypted transfer, "dh-ietf1024-sha256-aes128-cbc-pkcs7" (the specification's
// only one besides "plain", and what libsecret and so QtKeychain use): a Diffie-Hellman agreement on the
// IKE 1024-bit MODP group, HKDF-SHA256 of the shared secret (padded to the prime's length, no salt, no info)
// to an AES-128 key, and each secret sent AES-128-CBC with PKCS#7 padding under a fresh IV. All of it is
// OpenSSL's; this class only puts the pieces in the specification's order. A secret on the session bus is
// then readable by neither a bus monitor nor anyone but the Secret Service.
class SecretServiceSession
{
public:
    static const char* const Algorithm;

    SecretServiceSession(); // makes a fresh key pair
    ~SecretServiceSession();
    SecretServiceSession(const SecretServiceSession&) = delete;
    SecretServiceSession& operator=(const SecretServiceSession&) = delete;

    bool ready() const { return m_key != nullptr; }
    QByteArray publicKey() const; // big-endian, for OpenSession's input
    // Agrees on the AES key with the service's public key (OpenSession's output). False for a key that is
    // out of range or otherwise unusable.
    bool agree(const QByteArray& servicePublicKey);

    struct Sealed
    {
        QByteArray iv; // the Secret struct's parameters
        QByteArray value;
    };
    std::optional<Sealed> seal(const QByteArray& plain) const;
    std::optional<SecretBytes> open(const QByteArray& iv, const QByteArray& value) const;

private:
    evp_pkey_st* m_key = nullptr;
    SecretBytes m_aesKey;
};

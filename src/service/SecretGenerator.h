#pragma once

#include "core/SecretBytes.h"

#include <QByteArray>
#include <QString>

// Identifiers and secrets from the OS CSPRNG (QRandomGenerator::system()). The prefixes make a leaked
// secret easy for secret scanners to find: kd_ key ids, kds_ key secrets, kda_ admin tokens.
class SecretGenerator
{
public:
    static QString keyId();          // kd_ + 20 base32 characters (100 bits)
    static SecretBytes keySecret();  // kds_ + 40 base62 characters (~238 bits)
    static SecretBytes adminToken(); // kda_ + 40 base62 characters
    static QString uuid();           // random UUID v4, for row ids
    static QByteArray randomBytes(int count);
    // SHA-256 as lowercase hex: how secrets and the admin token are stored.
    static QString sha256Hex(const SecretBytes& secret);
};

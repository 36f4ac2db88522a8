#pragma once

#include <QByteArray>
#include <QByteArrayView>

// SHA-256 and HMAC-SHA-256 through OpenSSL's libcrypto: on the token path they run per request, and
// libcrypto's SHA extensions make them several times cheaper than QCryptographicHash (measured in
// docs/performance.md).
namespace Digest {
QByteArray sha256(QByteArrayView data);
QByteArray hmacSha256(QByteArrayView key, QByteArrayView data);
// Constant-time comparison of two byte strings (length is not secret).
bool equal(QByteArrayView a, QByteArrayView b);
} // namespace Digest

#include "TokenService.h"

#include "Digest.h"
#include "JsonWriter.h"
#include "Jwt.h"
#include "SecretGenerator.h"

#include <QCoreApplication>

namespace {

ApiError invalidClient()
{
    // One answer for unknown id, wrong secret, inactive, expired or deleted key (RFC 6749 §5.2):
    // telling them apart would help an attacker enumerate key ids.
    return ApiError::unauthorized(
        "invalid_client", QCoreApplication::translate("TokenService", "Client authentication failed."));
}

} // namespace

TokenService::TokenService(KeyService& keys) : m_keys(keys), m_throttle(keys.config()) {}

ApiError TokenService::failure(ApiError error, const QString& source, const Credential* key)
{
    if (key) // brute force against a real key shows in its history
        m_keys.audit().countFailedAuthentication(*key, source);
    if (const int wait = m_throttle.failed(source, key ? key->keyId : QString()))
        return AuthThrottle::tooManyRequests(wait);
    return error;
}

TokenService::Result<TokenService::IssuedToken> TokenService::issue(const QString& clientId,
                                                                    const SecretBytes& clientSecret,
                                                                    const QString& scope,
                                                                    const QString& source)
{
    auto found = m_keys.findByKeyId(clientId);
    if (!found)
        return found.error();
    // Hash even when the id is unknown so both paths take the same time.
    const QString presented = SecretGenerator::sha256Hex(clientSecret);
    if (!found.value())
        return failure(invalidClient(), source);
    const auto& [key, storedHash] = *found.value();
    if (!Digest::equal(presented.toLatin1(), storedHash.toLatin1())) // hex digests: Latin-1 is exact
        return failure(invalidClient(), source, &key);
    if (key.statusAt(m_keys.clock().now()) != KeyStatus::Active)
        return failure(invalidClient(), source, &key);
    if (const int wait = m_throttle.tokenIssued(key.keyId))
        return AuthThrottle::tooManyRequests(wait);

    const QDateTime now = m_keys.clock().now();
    const int ttl = m_keys.config().tokenTtlSeconds;
    JsonWriter claims;
    claims.field("iss", m_keys.config().issuer)
        .field("sub", key.keyId)
        .field("project", key.project)
        .field("iat", now.toSecsSinceEpoch())
        .field("exp", now.toSecsSinceEpoch() + ttl)
        .field("jti", QString::fromLatin1(SecretGenerator::randomBytes(16).toHex()));
    if (!scope.isEmpty())
        claims.field("scope", scope);
    m_keys.noteUsed(key, source);
    const SigningKeys::Key signer = m_keys.signingKeys().current();
    return IssuedToken{Jwt::signJson(claims.finish(), signer.secret, signer.kid), ttl, key.keyId};
}

TokenService::Result<Credential> TokenService::checkUsable(const Credential& key, const QString& source)
{
    switch (key.statusAt(m_keys.clock().now())) {
    case KeyStatus::Expired:
        return ApiError::unauthorized(
            "key_expired",
            QCoreApplication::translate("TokenService", "This key expired on %1. Generate a new key.")
                .arg(key.expiresAt.toString(Qt::ISODate)));
    case KeyStatus::Inactive:
        return ApiError::unauthorized(
            "key_inactive", QCoreApplication::translate("TokenService", "This key has been deactivated."));
    case KeyStatus::Active:
        break;
    }
    m_keys.noteUsed(key, source);
    return key;
}

TokenService::Result<Credential> TokenService::authenticateApiKey(const SecretBytes& secret,
                                                                  const QString& source)
{
    auto found = m_keys.findBySecretHash(SecretGenerator::sha256Hex(secret));
    if (!found)
        return found.error();
    if (!found.value())
        return failure(ApiError::unauthorized(
                           "invalid_key",
                           QCoreApplication::translate("TokenService", "The API key is not valid. "
                                                                       "Check that you copied all of it.")),
                       source);
    auto usable = checkUsable(*found.value(), source);
    if (!usable)
        return failure(usable.error(), source, &*found.value());
    return usable;
}

TokenService::Result<Credential> TokenService::authenticateAccessToken(const QByteArray& token,
                                                                       const QString& source)
{
    auto checked = verifyAccessToken(token, source);
    if (!checked && checked.error().status == 401)
        return failure(checked.error(), source);
    return checked;
}

TokenService::Result<Credential> TokenService::verifyAccessToken(const QByteArray& token,
                                                                 const QString& source)
{
    auto claims = Jwt::verify(
        token, [this](const QString& kid) { return m_keys.signingKeys().find(kid); }, m_keys.clock().now(),
        m_keys.config().issuer);
    if (!claims) {
        const bool expired = claims.error().detail() == QLatin1String("expired");
        return ApiError::unauthorized(
            expired ? "token_expired" : "invalid_token",
            expired ? QCoreApplication::translate("TokenService",
                                                  "The access token has expired; request a new one.")
                    : QCoreApplication::translate("TokenService", "The access token is not valid."));
    }
    auto found = m_keys.findByKeyId(claims.value().value(QLatin1String("sub")).toString());
    if (!found)
        return found.error();
    // The token outlives nothing: a deleted key's tokens stop working at once.
    if (!found.value())
        return ApiError::unauthorized(
            "invalid_token", QCoreApplication::translate(
                                 "TokenService", "The key behind this access token no longer exists."));
    return checkUsable(found.value()->first, source);
}

#pragma once

#include "core/Expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <functional>
#include <optional>

// Compact JWS with HS256 (RFC 7515/7519), just what access tokens need. Verification accepts only
// HS256 from our header: "alg": "none" or RS256 swaps are refused, never trusted.
class Jwt
{
public:
    static QByteArray sign(const QJsonObject& claims, const QByteArray& key, const QString& kid = {});
    // The same, for claims already serialised as a compact JSON object. A kid goes into the header.
    static QByteArray signJson(const QByteArray& claimsJson, const QByteArray& key, const QString& kid = {});
    // Checks the signature (constant time), exp and nbf against `now` (nbf with a minute's leeway for clock
    // skew between instances), and -- when given -- that `iss` is `issuer`; returns the claims.
    static Expected<QJsonObject> verify(const QByteArray& token, const QByteArray& key, const QDateTime& now,
                                        const QString& issuer = {});
    // The same with the key the token's header names (kid, "" when absent); an unknown kid is refused.
    using KeyLookup = std::function<std::optional<QByteArray>(const QString& kid)>;
    static Expected<QJsonObject> verify(const QByteArray& token, const KeyLookup& keyFor,
                                        const QDateTime& now, const QString& issuer = {});
    // Splits and decodes header and claims without verifying (for display in the app).
    static Expected<QPair<QJsonObject, QJsonObject>> decodeUnverified(const QByteArray& token);
};

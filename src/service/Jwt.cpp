#include "Jwt.h"

#include "Digest.h"
#include "core/JwtDecoder.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

Error invalid(const char* why)
{
    return {Error::Kind::Unauthorized, QCoreApplication::translate("Jwt", "The access token is not valid."),
            QString::fromLatin1(why)};
}

Expected<QJsonObject> decodePart(const QByteArray& part)
{
    auto decoded = QByteArray::fromBase64Encoding(part, QByteArray::Base64UrlEncoding |
                                                            QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalid("bad base64url");
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return invalid("not a JSON object");
    return doc.object();
}

} // namespace

QByteArray Jwt::sign(const QJsonObject& claims, const QByteArray& key, const QString& kid)
{
    return signJson(QJsonDocument(claims).toJson(QJsonDocument::Compact), key, kid);
}

QByteArray Jwt::signJson(const QByteArray& claimsJson, const QByteArray& key, const QString& kid)
{
    static const QByteArray plainHeader =
        QByteArrayLiteral("{\"alg\":\"HS256\",\"typ\":\"JWT\"}").toBase64(kBase64Url);
    // Our kids are [a-z0-9]: no JSON escaping needed.
    const QByteArray header =
        kid.isEmpty() ? plainHeader
                      : QByteArray("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid.toLatin1() + "\"}")
                            .toBase64(kBase64Url);
    const QByteArray signingInput = header + '.' + claimsJson.toBase64(kBase64Url);
    return signingInput + '.' + Digest::hmacSha256(key, signingInput).toBase64(kBase64Url);
}

namespace {
constexpr qint64 kNotBeforeLeewaySeconds = 60;
constexpr qsizetype kMaxHeaderPart = 1024;
} // namespace

Expected<QJsonObject> Jwt::verify(const QByteArray& token, const QByteArray& key, const QDateTime& now,
                                  const QString& issuer)
{
    return verify(
        token, [&key](const QString&) { return std::optional<QByteArray>(key); }, now, issuer);
}

Expected<QJsonObject> Jwt::verify(const QByteArray& token, const KeyLookup& keyFor, const QDateTime& now,
                                  const QString& issuer)
{
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype lastDot = token.lastIndexOf('.');
    if (firstDot <= 0 || lastDot == firstDot || token.indexOf('.', firstDot + 1) != lastDot)
        return invalid("not three parts");
    // The header is read before the signature is checked only to pick the key: alg must still be ours.
    if (firstDot > kMaxHeaderPart)
        return invalid("header too large");
    auto header = decodePart(token.left(firstDot));
    if (!header)
        return header.error();
    if (header.value().value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return invalid("unexpected alg");
    const QJsonValue kid = header.value().value(QLatin1String("kid"));
    if (!kid.isUndefined() && !kid.isString())
        return invalid("bad kid");
    const std::optional<QByteArray> key = keyFor(kid.toString());
    if (!key)
        return invalid("unknown kid");
    const QByteArray signingInput = token.left(lastDot);
    const QByteArray expected = Digest::hmacSha256(*key, signingInput).toBase64(kBase64Url);
    if (!Digest::equal(expected, QByteArrayView(token).sliced(lastDot + 1)))
        return invalid("bad signature");
    auto claims = decodePart(token.mid(firstDot + 1, lastDot - firstDot - 1));
    if (!claims)
        return claims.error();
    const QJsonValue exp = claims.value().value(QLatin1String("exp"));
    if (!exp.isDouble())
        return invalid("no exp");
    // Compared as doubles: a claim such as 1e308 does not fit an integer (converting it is undefined).
    const double nowSeconds = double(now.toSecsSinceEpoch());
    if (nowSeconds >= exp.toDouble())
        return Error(Error::Kind::Unauthorized,
                     QCoreApplication::translate("Jwt", "The access token has expired."),
                     QStringLiteral("expired"));
    const QJsonValue nbf = claims.value().value(QLatin1String("nbf"));
    if (!nbf.isUndefined() &&
        (!nbf.isDouble() || nowSeconds + double(kNotBeforeLeewaySeconds) < nbf.toDouble()))
        return invalid("not valid yet");
    if (!issuer.isEmpty() && claims.value().value(QLatin1String("iss")).toString() != issuer)
        return invalid("wrong issuer");
    return claims;
}

Expected<QPair<QJsonObject, QJsonObject>> Jwt::decodeUnverified(const QByteArray& token)
{
    return JwtDecoder::decode(token);
}

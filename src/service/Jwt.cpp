#include "Jwt.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

Error invalid(const char* why)
{
    return {Error::Kind::Unauthorized, QCoreApplication::translate("Jwt", "The access token is not valid."),
            QString::fromLatin1(why)};
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
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

QByteArray Jwt::sign(const QJsonObject& claims, const QByteArray& key)
{
    static const QByteArray header =
        QJsonDocument(QJsonObject{{QStringLiteral("alg"), QStringLiteral("HS256")},
                                  {QStringLiteral("typ"), QStringLiteral("JWT")}})
            .toJson(QJsonDocument::Compact)
            .toBase64(kBase64Url);
    const QByteArray signingInput =
        header + '.' + QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
    const QByteArray mac = QMessageAuthenticationCode::hash(signingInput, key, QCryptographicHash::Sha256);
    return signingInput + '.' + mac.toBase64(kBase64Url);
}

Expected<QJsonObject> Jwt::verify(const QByteArray& token, const QByteArray& key, const QDateTime& now)
{
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype lastDot = token.lastIndexOf('.');
    if (firstDot <= 0 || lastDot == firstDot || token.indexOf('.', firstDot + 1) != lastDot)
        return invalid("not three parts");
    const QByteArray signingInput = token.left(lastDot);
    const QByteArray expected =
        QMessageAuthenticationCode::hash(signingInput, key, QCryptographicHash::Sha256).toBase64(kBase64Url);
    if (!constantTimeEquals(expected, token.mid(lastDot + 1)))
        return invalid("bad signature");
    auto header = decodePart(token.left(firstDot));
    if (!header)
        return header.error();
    if (header.value().value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return invalid("unexpected alg");
    auto claims = decodePart(token.mid(firstDot + 1, lastDot - firstDot - 1));
    if (!claims)
        return claims.error();
    const QJsonValue exp = claims.value().value(QLatin1String("exp"));
    if (!exp.isDouble())
        return invalid("no exp");
    if (now.toSecsSinceEpoch() >= qint64(exp.toDouble()))
        return Error(Error::Kind::Unauthorized, QCoreApplication::translate("Jwt", "The access token has expired."),
                     QStringLiteral("expired"));
    return claims;
}

Expected<QPair<QJsonObject, QJsonObject>> Jwt::decodeUnverified(const QByteArray& token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return invalid("not three parts");
    auto header = decodePart(parts.at(0));
    if (!header)
        return header.error();
    auto claims = decodePart(parts.at(1));
    if (!claims)
        return claims.error();
    return qMakePair(header.value(), claims.value());
}

#include "JwtDecoder.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace {

Expected<QJsonObject> part(const QByteArray& encoded)
{
    auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::Base64UrlEncoding |
                                                               QByteArray::AbortOnBase64DecodingErrors);
    const QJsonDocument doc = decoded ? QJsonDocument::fromJson(*decoded) : QJsonDocument();
    if (!doc.isObject())
        return Error(Error::Kind::Protocol,
                     QCoreApplication::translate("JwtDecoder", "The token is not a JWT."));
    return doc.object();
}

} // namespace

namespace JwtDecoder {

Expected<QPair<QJsonObject, QJsonObject>> decode(const QByteArray& token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return Error(Error::Kind::Protocol,
                     QCoreApplication::translate("JwtDecoder", "The token is not a JWT."));
    auto header = part(parts.at(0));
    if (!header)
        return header.error();
    auto claims = part(parts.at(1));
    if (!claims)
        return claims.error();
    return qMakePair(header.value(), claims.value());
}

} // namespace JwtDecoder

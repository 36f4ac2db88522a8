// Jwt::verify. First byte even: the rest is a token as a client sends it, which must never verify (nobody
// without our key can sign). Odd: the rest is a claims object that we sign, so the claim checks (exp, nbf,
// iss, types) meet hostile JSON behind a good signature.
#include "FuzzSupport.h"
#include "service/Jwt.h"

#include <QDateTime>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    static const QByteArray key(32, 'k');
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    auto keys = [](const QString& kid) -> std::optional<QByteArray> {
        if (kid.isEmpty() || kid == QLatin1String("k0"))
            return key;
        return std::nullopt;
    };
    const QByteArray rest = FuzzSupport::bytes(data + 1, size - 1);
    if (data[0] % 2 == 0) {
        FuzzSupport::require(!Jwt::verify(rest, keys, now, QStringLiteral("keydesk")).ok(),
                             "!Jwt::verify(rest, keys, now, QStringLiteral(\"keydesk\")).ok()");
        return 0;
    }
    const QByteArray token = Jwt::signJson(rest, key, QStringLiteral("k0"));
    auto claims = Jwt::verify(token, keys, now, QStringLiteral("keydesk"));
    if (claims.ok()) {
        // Accepted only with a numeric exp in the future and our issuer.
        const QJsonValue exp = claims.value().value(QLatin1String("exp"));
        FuzzSupport::require(exp.isDouble() && exp.toDouble() > double(now.toSecsSinceEpoch()),
                             "a numeric exp in the future");
        FuzzSupport::require(
            claims.value().value(QLatin1String("iss")).toString() == QLatin1String("keydesk"),
            "claims.value().value(QLatin1String(\"iss\")).toString() == QLatin1String(\"keydesk\")");
    }
    return 0;
}

#include "ExpectedHelpers.h"
#include "service/Jwt.h"

#include <QJsonDocument>
#include <QTest>
#include <optional>

class TestJwt : public QObject
{
    Q_OBJECT

private slots:
    void signsAndVerifies();
    void matchesAKnownVector();
    void rejectsTampering_data();
    void rejectsTampering();
    void rejectsExpired();
    void checksNotBeforeAndIssuer();
    void decodesWithoutKey();
    void theHeaderNamesTheKey();
    void hugeNumericClaimsAreComparedNotConverted();

private:
    const QByteArray m_key = QByteArrayLiteral("0123456789abcdef0123456789abcdef");
    const QDateTime m_now = QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC);
    QJsonObject claims() const
    {
        return {{QStringLiteral("sub"), QStringLiteral("kd_ABC")},
                {QStringLiteral("iat"), 1800000000},
                {QStringLiteral("exp"), 1800003600}};
    }
};

void TestJwt::signsAndVerifies()
{
    const QByteArray token = Jwt::sign(claims(), m_key);
    QCOMPARE(token.count('.'), 2);
    QVERIFY(!token.contains('='));
    auto verified = Jwt::verify(token, m_key, m_now);
    KD_VERIFY_OK(verified);
    QCOMPARE(verified.value().value(QLatin1String("sub")).toString(), QStringLiteral("kd_ABC"));
}

void TestJwt::matchesAKnownVector()
{
    // RFC 7515 A.1's key and claims, re-signed with our compact header: checked with Python's hmac
    // (base64url(HMAC-SHA256(key, "header.claims"))) so the HS256 construction is right, not just
    // self-consistent.
    const QByteArray key = QByteArray::fromBase64(
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        QByteArray::Base64UrlEncoding);
    const QJsonObject c{{QStringLiteral("iss"), QStringLiteral("joe")}, {QStringLiteral("exp"), 1300819380}};
    const QByteArray token = Jwt::sign(c, key);
    QCOMPARE(token, QByteArrayLiteral(
                        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjEzMDA4MTkzODAsImlzcyI6ImpvZSJ9."
                        "bQOaUDe0iw2o6eXFE6Uo4DGrC4D7-lnK4adfhnh7kAk"));
}

void TestJwt::rejectsTampering_data()
{
    QTest::addColumn<QByteArray>("token");
    const QByteArray good = Jwt::sign(claims(), m_key);
    const QList<QByteArray> parts = good.split('.');
    QByteArray otherClaims = QJsonDocument(QJsonObject{{QStringLiteral("sub"), QStringLiteral("kd_EVIL")},
                                                       {QStringLiteral("exp"), 1900000000}})
                                 .toJson(QJsonDocument::Compact)
                                 .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QTest::newRow("claims swapped") << parts[0] + '.' + otherClaims + '.' + parts[2];
    QTest::newRow("signature cut") << parts[0] + '.' + parts[1] + '.' + parts[2].left(10);
    QTest::newRow("alg none") << QByteArray("eyJhbGciOiJub25lIn0.") + parts[1] + '.';
    QTest::newRow("other key") << Jwt::sign(claims(), QByteArrayLiteral("another key entirely......"));
    QTest::newRow("two parts") << parts[0] + '.' + parts[1];
    QTest::newRow("four parts") << good + ".x";
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArrayLiteral("not-a-token");
}

void TestJwt::rejectsTampering()
{
    QFETCH(QByteArray, token);
    auto verified = Jwt::verify(token, m_key, m_now);
    QVERIFY(!verified.ok());
    QCOMPARE(verified.error().kind(), Error::Kind::Unauthorized);
}

void TestJwt::rejectsExpired()
{
    const QByteArray token = Jwt::sign(claims(), m_key);
    KD_VERIFY_OK(Jwt::verify(token, m_key, m_now.addSecs(3599)));
    auto atExpiry = Jwt::verify(token, m_key, m_now.addSecs(3600));
    QVERIFY(!atExpiry.ok());
    QCOMPARE(atExpiry.error().detail(), QStringLiteral("expired"));
}

void TestJwt::checksNotBeforeAndIssuer()
{
    QJsonObject c = claims();
    c.insert(QStringLiteral("iss"), QStringLiteral("keydesk"));
    c.insert(QStringLiteral("nbf"), 1800000600); // ten minutes after m_now
    const QByteArray token = Jwt::sign(c, m_key);
    auto early = Jwt::verify(token, m_key, m_now, QStringLiteral("keydesk"));
    QVERIFY(!early.ok());
    QCOMPARE(early.error().kind(), Error::Kind::Unauthorized);
    KD_VERIFY_OK(Jwt::verify(token, m_key, m_now.addSecs(600 - 60), QStringLiteral("keydesk"))); // clock skew
    KD_VERIFY_OK(Jwt::verify(token, m_key, m_now.addSecs(900), QStringLiteral("keydesk")));
    QVERIFY(!Jwt::verify(token, m_key, m_now.addSecs(900), QStringLiteral("another-issuer")).ok());
    // A token without iss is no token of ours when an issuer is expected; nbf must be a number.
    QVERIFY(!Jwt::verify(Jwt::sign(claims(), m_key), m_key, m_now, QStringLiteral("keydesk")).ok());
    c.insert(QStringLiteral("nbf"), QStringLiteral("soon"));
    QVERIFY(!Jwt::verify(Jwt::sign(c, m_key), m_key, m_now.addSecs(900), QStringLiteral("keydesk")).ok());
}

void TestJwt::decodesWithoutKey()
{
    auto decoded = Jwt::decodeUnverified(Jwt::sign(claims(), m_key));
    KD_VERIFY_OK(decoded);
    QCOMPARE(decoded.value().first.value(QLatin1String("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(decoded.value().second.value(QLatin1String("exp")).toInt(), 1800003600);
}

void TestJwt::theHeaderNamesTheKey()
{
    const QByteArray other = QByteArrayLiteral("fedcba9876543210fedcba9876543210");
    auto keys = [&](const QString& kid) -> std::optional<QByteArray> {
        if (kid == QLatin1String("k0") || kid.isEmpty())
            return m_key;
        if (kid == QLatin1String("k1"))
            return other;
        return std::nullopt;
    };
    const QByteArray signedByK1 = Jwt::sign(claims(), other, QStringLiteral("k1"));
    auto header = Jwt::decodeUnverified(signedByK1);
    KD_VERIFY_OK(header);
    QCOMPARE(header.value().first.value(QLatin1String("kid")).toString(), QStringLiteral("k1"));
    KD_VERIFY_OK(Jwt::verify(signedByK1, keys, m_now));
    // Tokens from before kids carry none and were signed by the first key.
    KD_VERIFY_OK(Jwt::verify(Jwt::sign(claims(), m_key), keys, m_now));
    // A kid nobody knows, or one that names a key the token was not signed with, is refused.
    QVERIFY(!Jwt::verify(Jwt::sign(claims(), other, QStringLiteral("k9")), keys, m_now).ok());
    QVERIFY(!Jwt::verify(Jwt::sign(claims(), other, QStringLiteral("k0")), keys, m_now).ok());
}

void TestJwt::hugeNumericClaimsAreComparedNotConverted()
{
    // Found by fuzz/fuzz_jwt_verify: converting 1e308 to an integer is undefined behaviour (on x86 it
    // gave the smallest integer, so a far-future exp read as expired and a far-future nbf as valid).
    QJsonObject farFuture = claims();
    farFuture.insert(QStringLiteral("exp"), 1e308);
    KD_VERIFY_OK(Jwt::verify(Jwt::sign(farFuture, m_key), m_key, m_now));
    QJsonObject notYet = claims();
    notYet.insert(QStringLiteral("nbf"), 1e308);
    QVERIFY(!Jwt::verify(Jwt::sign(notYet, m_key), m_key, m_now).ok());
    QJsonObject longAgo = claims();
    longAgo.insert(QStringLiteral("exp"), -1e308);
    QVERIFY(!Jwt::verify(Jwt::sign(longAgo, m_key), m_key, m_now).ok());
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"

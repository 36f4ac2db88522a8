#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ManualClock.h"
#include "MemoryScan.h"
#include "net/ClientAssertion.h"
#include "net/TokenClient.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTest>
#include <QUrlQuery>
#include <fcntl.h>
#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <unistd.h>

// private_key_jwt's keys and assertions, checked the way a token endpoint would: the signature verified with
// OpenSSL from the published JWK alone (so the JWK is right too), the claims read back, weak or foreign keys
// refused, and the PEM forms vendors hand out imported.
class TestClientAssertion : public QObject
{
    Q_OBJECT

private slots:
    void assertionVerifiesWithThePublishedJwk_data();
    void assertionVerifiesWithThePublishedJwk();
    void lifetimeIsAtMostFiveMinutes();
    void thumbprintFollowsRfc7638();
    void importTakesTheUsualPemForms();
    void noCopyOfAKeyOrPassphraseIsLeftInMemory();
    void unsuitableKeysAreRefused_data();
    void unsuitableKeysAreRefused();
    void tokenEndpointAcceptsOnlyAGoodFreshAssertion();
};

namespace {

using Algorithm = ClientAssertion::Algorithm;
constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray unb64(const QString& text)
{
    return QByteArray::fromBase64(text.toLatin1(), kBase64Url);
}

BIGNUM* bn(const QByteArray& bytes)
{
    return BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.constData()), int(bytes.size()), nullptr);
}

// The public key a token endpoint builds from the JWK it was given.
EVP_PKEY* fromJwk(const QJsonObject& jwk)
{
    OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
    const bool rsa = jwk.value(QLatin1String("kty")).toString() == QLatin1String("RSA");
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    QByteArray point;
    if (rsa) {
        n = bn(unb64(jwk.value(QLatin1String("n")).toString()));
        e = bn(unb64(jwk.value(QLatin1String("e")).toString()));
        OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, n);
        OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, e);
    } else {
        point = QByteArray(1, '\x04') + unb64(jwk.value(QLatin1String("x")).toString()) +
                unb64(jwk.value(QLatin1String("y")).toString());
        OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
        OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         size_t(point.size()));
    }
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
    EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, rsa ? "RSA" : "EC", nullptr);
    EVP_PKEY* key = nullptr;
    EVP_PKEY_fromdata_init(context);
    EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(build);
    BN_free(n);
    BN_free(e);
    return key;
}

bool verifies(const QByteArray& jwt, const QJsonObject& jwk)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return false;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(fromJwk(jwk), EVP_PKEY_free);
    if (!key)
        return false;
    QByteArray signature = QByteArray::fromBase64(parts.at(2), kBase64Url);
    if (jwk.value(QLatin1String("kty")).toString() == QLatin1String("EC")) { // r || s back to DER
        if (signature.size() != 64)
            return false;
        ECDSA_SIG* sig = ECDSA_SIG_new();
        ECDSA_SIG_set0(sig, bn(signature.left(32)), bn(signature.mid(32)));
        unsigned char* der = nullptr;
        const int length = i2d_ECDSA_SIG(sig, &der);
        signature = QByteArray(reinterpret_cast<char*>(der), length);
        OPENSSL_free(der);
        ECDSA_SIG_free(sig);
    }
    const QByteArray input = parts.at(0) + '.' + parts.at(1);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool ok =
        EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.constData()),
                         size_t(signature.size()), reinterpret_cast<const unsigned char*>(input.constData()),
                         size_t(input.size())) == 1;
    EVP_MD_CTX_free(context);
    return ok;
}

QJsonObject part(const QByteArray& jwt, int index)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.split('.').value(index), kBase64Url)).object();
}

SecretBytes pemOf(EVP_PKEY* key, bool traditional, const char* passphrase = nullptr)
{
    BIO* bio = BIO_new(BIO_s_mem());
    if (passphrase)
        PEM_write_bio_PKCS8PrivateKey(bio, key, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                      const_cast<char*>(passphrase));
    else if (traditional)
        PEM_write_bio_PrivateKey_traditional(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    else
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    SecretBytes pem(QByteArray(data, length));
    BIO_free(bio);
    return pem;
}

} // namespace

void TestClientAssertion::assertionVerifiesWithThePublishedJwk_data()
{
    QTest::addColumn<int>("algorithm");
    QTest::newRow("RS256") << int(Algorithm::RS256);
    QTest::newRow("ES256") << int(Algorithm::ES256);
}

void TestClientAssertion::assertionVerifiesWithThePublishedJwk()
{
    QFETCH(int, algorithm);
    auto key = ClientAssertion::generateKey(Algorithm(algorithm));
    KD_VERIFY_OK(key);
    QVERIFY(key.value().toByteArray().startsWith("-----BEGIN PRIVATE KEY-----")); // PKCS#8
    auto published = ClientAssertion::publicKey(key.value());
    KD_VERIFY_OK(published);
    QVERIFY(published.value().pem.startsWith("-----BEGIN PUBLIC KEY-----"));
    QVERIFY(!published.value().pem.contains("PRIVATE"));
    const QJsonObject jwk = published.value().jwk;
    QCOMPARE(jwk.value(QLatin1String("alg")).toString(),
             ClientAssertion::algorithmName(Algorithm(algorithm)));
    QVERIFY(!jwk.contains(QLatin1String("d"))); // nothing private in it
    QCOMPARE(ClientAssertion::jwks(published.value()).value(QLatin1String("keys")).toArray().size(), 1);

    const ClientAssertion::Claims claims{
        QStringLiteral("client-42"), QStringLiteral("https://auth.example.com/token"), 1'800'000'000, 120};
    auto signed1 = ClientAssertion::sign(key.value(), claims);
    KD_VERIFY_OK(signed1);
    const QByteArray jwt = signed1.value().toByteArray();
    QVERIFY(verifies(jwt, jwk));
    const QJsonObject header = part(jwt, 0);
    QCOMPARE(header.value(QLatin1String("alg")).toString(),
             ClientAssertion::algorithmName(Algorithm(algorithm)));
    QCOMPARE(header.value(QLatin1String("kid")).toString(), published.value().kid);
    const QJsonObject body = part(jwt, 1);
    QCOMPARE(body.value(QLatin1String("iss")).toString(), QStringLiteral("client-42"));
    QCOMPARE(body.value(QLatin1String("sub")).toString(), QStringLiteral("client-42"));
    QCOMPARE(body.value(QLatin1String("aud")).toString(), QStringLiteral("https://auth.example.com/token"));
    QCOMPARE(body.value(QLatin1String("iat")).toInteger(), 1'800'000'000);
    QCOMPARE(body.value(QLatin1String("exp")).toInteger(), 1'800'000'120);
    QVERIFY(body.value(QLatin1String("jti")).toString().size() >= 22); // 128 random bits

    // A fresh jti each time (a replayed assertion is the server's to refuse); tampering and other keys fail.
    const QByteArray again = ClientAssertion::sign(key.value(), claims).value().toByteArray();
    QVERIFY(part(again, 1).value(QLatin1String("jti")) != body.value(QLatin1String("jti")));
    QByteArray tampered = jwt;
    tampered[jwt.indexOf('.') + 5] = tampered[jwt.indexOf('.') + 5] == 'A' ? 'B' : 'A';
    QVERIFY(!verifies(tampered, jwk));
    auto other = ClientAssertion::generateKey(Algorithm(algorithm));
    QVERIFY(!verifies(jwt, ClientAssertion::publicKey(other.value()).value().jwk));
}

void TestClientAssertion::lifetimeIsAtMostFiveMinutes()
{
    auto key = ClientAssertion::generateKey(Algorithm::ES256);
    KD_VERIFY_OK(key);
    const QByteArray jwt =
        ClientAssertion::sign(key.value(),
                              {QStringLiteral("c"), QStringLiteral("https://a.example/t"), 1000, 3600})
            .value()
            .toByteArray();
    QCOMPARE(part(jwt, 1).value(QLatin1String("exp")).toInteger() - 1000,
             ClientAssertion::MaxLifetimeSeconds);
}

void TestClientAssertion::thumbprintFollowsRfc7638()
{
    // RFC 7638 §3.1's example.
    const QJsonObject jwk{
        {QStringLiteral("kty"), QStringLiteral("RSA")},
        {QStringLiteral("n"),
         QStringLiteral(
             "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
             "BJECPebWKRX"
             "jBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQM"
             "icAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2"
             "NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw")},
        {QStringLiteral("e"), QStringLiteral("AQAB")},
        {QStringLiteral("alg"), QStringLiteral("RS256")},
        {QStringLiteral("kid"), QStringLiteral("2011-04-29")}};
    QCOMPARE(ClientAssertion::thumbprint(jwk), QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
}

void TestClientAssertion::importTakesTheUsualPemForms()
{
    EVP_PKEY* rsa = EVP_RSA_gen(2048);
    EVP_PKEY* ec = EVP_EC_gen("P-256");
    const QString rsaKid = ClientAssertion::publicKey(pemOf(rsa, false)).value().kid;
    const QString ecKid = ClientAssertion::publicKey(pemOf(ec, false)).value().kid;
    // Traditional ("BEGIN RSA PRIVATE KEY", "BEGIN EC PRIVATE KEY") and encrypted PKCS#8: the same key, as
    // PKCS#8.
    for (EVP_PKEY* key : {rsa, ec}) {
        auto imported = ClientAssertion::importKey(pemOf(key, true));
        KD_VERIFY_OK(imported);
        QVERIFY(imported.value().toByteArray().startsWith("-----BEGIN PRIVATE KEY-----"));
        QCOMPARE(ClientAssertion::publicKey(imported.value()).value().kid, key == rsa ? rsaKid : ecKid);
    }
    const SecretBytes encrypted = pemOf(ec, false, "correct horse");
    QVERIFY(encrypted.toByteArray().contains("ENCRYPTED"));
    auto opened = ClientAssertion::importKey(encrypted, SecretBytes(QByteArrayLiteral("correct horse")));
    KD_VERIFY_OK(opened);
    QCOMPARE(ClientAssertion::publicKey(opened.value()).value().kid, ecKid);
    auto wrong = ClientAssertion::importKey(encrypted, SecretBytes(QByteArrayLiteral("battery staple")));
    QVERIFY(!wrong.ok());
    QVERIFY2(wrong.error().message().contains(QStringLiteral("passphrase")),
             qPrintable(wrong.error().message()));
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ec);
}

namespace {

// A secret read from a file into SecretBytes alone, the way the app reads one (no buffered copy).
SecretBytes readSecretFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    QByteArray bytes = file.readAll();
    SecretBytes secret(bytes);
    SecretBytes::wipe(bytes);
    return secret;
}

} // namespace

void TestClientAssertion::noCopyOfAKeyOrPassphraseIsLeftInMemory()
{
    // "wipe-me-please-7Q", masked: the passphrase of tests/data/encrypted-p256.pem.
    static const char maskedPassphrase[] = {0x2d, 0x33, 0x2a, 0x3f, 0x77, 0x37, 0x3f, 0x77, 0x2a,
                                            0x36, 0x3f, 0x3b, 0x29, 0x3f, 0x77, 0x6d, 0x0b};
    std::vector<char> passphraseNeedle(std::begin(maskedPassphrase), std::end(maskedPassphrase));
    std::vector<char> keyNeedle;
    {
        QByteArray unmasked(qsizetype(sizeof maskedPassphrase), '\0');
        for (qsizetype i = 0; i < unmasked.size(); ++i)
            unmasked[i] = char(maskedPassphrase[i] ^ kMask);
        const SecretBytes passphrase(unmasked);
        SecretBytes::wipe(unmasked);
        const SecretBytes encrypted = readSecretFile(QStringLiteral(KEYDESK_TEST_DATA "/encrypted-p256.pem"));
        const SecretBytes plain = readSecretFile(QStringLiteral(KEYDESK_TEST_DATA "/plain-p256.pem"));
        QVERIFY(!encrypted.isEmpty() && !plain.isEmpty());
        // 48 characters from the middle of the unencrypted key's base64.
        keyNeedle = masked(plain.data() + 40, 48);
        KD_VERIFY_OK(ClientAssertion::importKey(encrypted, passphrase));
        KD_VERIFY_OK(ClientAssertion::publicKey(plain));
        QVERIFY(ClientAssertion::sign(plain, {QStringLiteral("c"), QStringLiteral("https://a.example/token"),
                                              1'800'000'000, 60})
                    .ok());
    } // every SecretBytes wiped here
    {
        // The search finds what is there: a copy left on purpose is found, and gone once wiped.
        QByteArray planted(qsizetype(passphraseNeedle.size()), '\0');
        for (qsizetype i = 0; i < planted.size(); ++i)
            planted[i] = char(passphraseNeedle[std::size_t(i)] ^ kMask);
        QVERIFY(memoryHolds(passphraseNeedle));
        SecretBytes::wipe(planted);
    }
    QVERIFY2(!memoryHolds(passphraseNeedle), "a copy of the passphrase was left in memory");
    QVERIFY2(!memoryHolds(keyNeedle), "a copy of the private key was left in memory");
}

void TestClientAssertion::unsuitableKeysAreRefused_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<QString>("said");
    QTest::newRow("RSA 1024") << QByteArray("rsa1024") << "2048";
    QTest::newRow("EC P-384") << QByteArray("p384") << "P-256";
    QTest::newRow("Ed25519") << QByteArray("ed25519") << "Only RSA";
    QTest::newRow("not PEM") << QByteArray("garbage") << "not a PEM";
}

void TestClientAssertion::unsuitableKeysAreRefused()
{
    QFETCH(QByteArray, kind);
    QFETCH(QString, said);
    EVP_PKEY* key = kind == "rsa1024"   ? EVP_RSA_gen(1024)
                    : kind == "p384"    ? EVP_EC_gen("P-384")
                    : kind == "ed25519" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                        : nullptr;
    const SecretBytes pem =
        key ? pemOf(key, false) : SecretBytes(QByteArrayLiteral("-----BEGIN NOTHING-----\nxx\n"));
    EVP_PKEY_free(key);
    for (const auto& result : {ClientAssertion::importKey(pem), ClientAssertion::sign(pem, {})}) {
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message().contains(said), qPrintable(result.error().message()));
    }
}

// A token endpoint of our own that checks private_key_jwt the way RFC 7523 §3 asks: the assertion's signature
// against the client's registered JWK, iss = sub = client_id, aud = this endpoint, exp in the future and at
// most five minutes after iat, and every jti used once.
void TestClientAssertion::tokenEndpointAcceptsOnlyAGoodFreshAssertion()
{
    auto key = ClientAssertion::generateKey(Algorithm::ES256);
    KD_VERIFY_OK(key);
    const QJsonObject registered = ClientAssertion::publicKey(key.value()).value().jwk;
    QSet<QString> usedJti;
    QUrl endpoint;
    QByteArray lastBody;
    FakeHttpServer server([&](const QByteArray& request) {
        lastBody = request.mid(request.indexOf("\r\n\r\n") + 4);
        const QUrlQuery form(QString::fromLatin1(lastBody));
        const QByteArray assertion = form.queryItemValue(QStringLiteral("client_assertion")).toLatin1();
        const QJsonObject claims = part(assertion, 1);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QString jti = claims.value(QLatin1String("jti")).toString();
        const bool good =
            form.queryItemValue(QStringLiteral("client_assertion_type"), QUrl::FullyDecoded) ==
                QLatin1String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") &&
            verifies(assertion, registered) &&
            claims.value(QLatin1String("iss")).toString() ==
                form.queryItemValue(QStringLiteral("client_id")) &&
            claims.value(QLatin1String("sub")).toString() ==
                form.queryItemValue(QStringLiteral("client_id")) &&
            claims.value(QLatin1String("aud")).toString() == endpoint.toString() &&
            claims.value(QLatin1String("exp")).toInteger() > now &&
            claims.value(QLatin1String("exp")).toInteger() - claims.value(QLatin1String("iat")).toInteger() <=
                300 &&
            !jti.isEmpty() && !usedJti.contains(jti);
        if (!good)
            return FakeHttpServer::response(401, R"({"error":"invalid_client"})");
        usedJti.insert(jti);
        return FakeHttpServer::response(200,
                                        R"({"access_token":"t0k3n","token_type":"Bearer","expires_in":60})");
    });
    endpoint = QUrl(server.url().toString() + QStringLiteral("/oauth2/token"));
    ProviderSettings provider;
    provider.tokenUrl = endpoint;
    provider.clientAuth = ProviderSettings::ClientAuth::PrivateKeyJwt;
    QNetworkAccessManager network;
    TokenClient client(&network);
    auto ask = [&](const SecretBytes& pem) {
        return awaitResult<AccessToken>(
            [&](auto done) { client.requestToken(provider, QStringLiteral("client-7"), pem, done); });
    };
    // Twice: a fresh assertion (a new jti) each time, both accepted.
    KD_VERIFY_OK(ask(key.value()));
    KD_VERIFY_OK(ask(key.value()));
    QCOMPARE(usedJti.size(), 2);
    QVERIFY(!lastBody.contains("client_secret")); // the key never leaves: only the signed assertion does

    // The same assertion sent again is refused (the endpoint really checks what it claims to).
    QNetworkRequest replay(endpoint);
    replay.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    QNetworkReply* again = network.post(replay, lastBody);
    QTRY_VERIFY_WITH_TIMEOUT(again->isFinished(), 10000);
    QCOMPARE(again->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    again->deleteLater();

    // Signed with another key: refused, and the error says where to look.
    auto wrong = ask(ClientAssertion::generateKey(Algorithm::ES256).value());
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind(), Error::Kind::Unauthorized);
    QVERIFY2(wrong.error().message().contains(QStringLiteral("public key")),
             qPrintable(wrong.error().message()));
    // Another audience than the endpoint expects: refused.
    provider.assertionAudience = QStringLiteral("https://elsewhere.example");
    QVERIFY(!ask(key.value()).ok());
    provider.assertionAudience.clear();
    KD_VERIFY_OK(ask(key.value())); // the audience put back: accepted again
    // Issued by a clock ten minutes behind: expired on arrival, refused.
    ManualClock slow(QDateTime::currentDateTimeUtc().addSecs(-600));
    client.setClock(slow);
    QVERIFY(!ask(key.value()).ok());
    client.setClock(Clock::system());
    // A key that is not a key: refused before anything is sent.
    const int before = int(server.requests.size());
    QVERIFY(!ask(SecretBytes(QByteArrayLiteral("kds_not_a_pem"))).ok());
    QCOMPARE(int(server.requests.size()), before);
}

QTEST_GUILESS_MAIN(TestClientAssertion)
#include "tst_clientassertion.moc"

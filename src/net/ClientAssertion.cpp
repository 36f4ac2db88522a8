#include "ClientAssertion.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ClientAssertion", text);
}

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

struct Free
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T> using Owned = std::unique_ptr<T, Free>;

Error keyError(const char* why)
{
    return Error(Error::Kind::InvalidInput, tr(why));
}

// What a memory BIO holds, as SecretBytes; the BIO's buffer is wiped before it is freed.
SecretBytes drain(BIO* bio)
{
    BUF_MEM* memory = nullptr;
    BIO_get_mem_ptr(bio, &memory);
    if (!memory)
        return {};
    QByteArray copy(memory->data, qsizetype(memory->length));
    SecretBytes out(copy);
    SecretBytes::wipe(copy);
    OPENSSL_cleanse(memory->data, memory->max);
    return out;
}

Expected<SecretBytes> toPkcs8(EVP_PKEY* key)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return Error(Error::Kind::Internal,
                     QCoreApplication::translate("ClientAssertion", "The private key could not be written."));
    return drain(bio.get());
}

// OpenSSL asks for the passphrase into a buffer of its own (which it cleanses); it is read straight from
// SecretBytes, never through a copy of ours.
int passphraseFrom(char* buffer, int size, int, void* user)
{
    const auto* passphrase = static_cast<const SecretBytes*>(user);
    const int n = passphrase ? std::min(size, passphrase->size()) : 0;
    if (n > 0)
        std::copy_n(passphrase->data(), n, buffer);
    return n;
}

Expected<Owned<EVP_PKEY>> load(const SecretBytes& pem, const SecretBytes* passphrase)
{
    // A read-only memory BIO over the SecretBytes buffer itself: no copy of the key to wipe.
    Owned<BIO> bio(BIO_new_mem_buf(pem.data(), pem.size()));
    Owned<EVP_PKEY> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseFrom, const_cast<SecretBytes*>(passphrase)));
    if (!key) {
        return QByteArrayView(pem.data(), pem.size()).contains("ENCRYPTED")
                   ? keyError(QT_TRANSLATE_NOOP(
                         "ClientAssertion",
                         "The private key could not be decrypted: is the passphrase right?"))
                   : keyError(QT_TRANSLATE_NOOP(
                         "ClientAssertion",
                         "This is not a PEM private key (PKCS#8 or a traditional RSA or EC key)."));
    }
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        if (EVP_PKEY_get_bits(key.get()) < 2048)
            return keyError(
                QT_TRANSLATE_NOOP("ClientAssertion", "RSA keys need at least 2048 bits for RS256."));
        // OpenSSL will not sign with more than 16384 bits; a key that imports but cannot sign helps nobody.
        if (EVP_PKEY_get_bits(key.get()) > 8192)
            return keyError(
                QT_TRANSLATE_NOOP("ClientAssertion", "RSA keys of more than 8192 bits are not supported."));
    } else if (EVP_PKEY_is_a(key.get(), "EC")) {
        char group[64] = {};
        if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                           nullptr) != 1 ||
            QByteArray(group) != "prime256v1")
            return keyError(
                QT_TRANSLATE_NOOP("ClientAssertion", "EC keys must be on the P-256 curve for ES256."));
    } else {
        return keyError(QT_TRANSLATE_NOOP("ClientAssertion",
                                          "Only RSA (RS256) and P-256 EC (ES256) keys are supported."));
    }
    return key;
}

QByteArray bignum(EVP_PKEY* key, const char* name, int width = 0)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    Owned<BIGNUM> n(raw);
    QByteArray out(width > 0 ? width : BN_num_bytes(n.get()), '\0');
    BN_bn2binpad(n.get(), reinterpret_cast<unsigned char*>(out.data()), int(out.size()));
    return out;
}

QByteArray b64(const QByteArray& bytes)
{
    return bytes.toBase64(kBase64Url);
}

} // namespace

QString ClientAssertion::algorithmName(Algorithm algorithm)
{
    return algorithm == Algorithm::ES256 ? QStringLiteral("ES256") : QStringLiteral("RS256");
}

std::optional<ClientAssertion::Algorithm> ClientAssertion::algorithmFromName(const QString& name)
{
    if (name.compare(QLatin1String("RS256"), Qt::CaseInsensitive) == 0)
        return Algorithm::RS256;
    if (name.compare(QLatin1String("ES256"), Qt::CaseInsensitive) == 0)
        return Algorithm::ES256;
    return std::nullopt;
}

Expected<SecretBytes> ClientAssertion::generateKey(Algorithm algorithm)
{
    Owned<EVP_PKEY> key(algorithm == Algorithm::ES256 ? EVP_EC_gen("P-256") : EVP_RSA_gen(3072));
    if (!key)
        return Error(Error::Kind::Internal, tr("OpenSSL could not generate a key pair."));
    return toPkcs8(key.get());
}

Expected<SecretBytes> ClientAssertion::importKey(const SecretBytes& pem, const SecretBytes& passphrase)
{
    auto key = load(pem, &passphrase);
    if (!key)
        return key.error();
    return toPkcs8(key.value().get());
}

Expected<ClientAssertion::PublicKey> ClientAssertion::publicKey(const SecretBytes& privatePem)
{
    auto loaded = load(privatePem, nullptr);
    if (!loaded)
        return loaded.error();
    return publicHalf(loaded.value().get());
}

Expected<ClientAssertion::PublicKey> ClientAssertion::publicHalf(EVP_PKEY* key)
{
    PublicKey result;
    if (EVP_PKEY_is_a(key, "RSA")) {
        result.algorithm = Algorithm::RS256;
        result.jwk = {{QStringLiteral("kty"), QStringLiteral("RSA")},
                      {QStringLiteral("n"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_RSA_N)))},
                      {QStringLiteral("e"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_RSA_E)))}};
    } else {
        result.algorithm = Algorithm::ES256;
        result.jwk = {
            {QStringLiteral("kty"), QStringLiteral("EC")},
            {QStringLiteral("crv"), QStringLiteral("P-256")},
            {QStringLiteral("x"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_EC_PUB_X, 32)))},
            {QStringLiteral("y"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32)))}};
    }
    result.kid = thumbprint(result.jwk);
    result.jwk.insert(QStringLiteral("kid"), result.kid);
    result.jwk.insert(QStringLiteral("alg"), algorithmName(result.algorithm));
    result.jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1)
        return Error(Error::Kind::Internal, tr("The public key could not be written."));
    result.pem = drain(bio.get()).toByteArray();
    return result;
}

QString ClientAssertion::thumbprint(const QJsonObject& jwk)
{
    // RFC 7638 §3.2/§3.3: only the required members, sorted, no whitespace (QJsonObject keeps keys sorted).
    const bool rsa = jwk.value(QLatin1String("kty")).toString() == QLatin1String("RSA");
    QJsonObject required;
    const QStringList members =
        rsa ? QStringList{QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")}
            : QStringList{QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"),
                          QStringLiteral("y")};
    for (const QString& member : members)
        required.insert(member, jwk.value(member));
    const QByteArray canonical = QJsonDocument(required).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(b64(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)));
}

QJsonObject ClientAssertion::jwks(const PublicKey& key)
{
    return {{QStringLiteral("keys"), QJsonArray{key.jwk}}};
}

Expected<SecretBytes> ClientAssertion::sign(const SecretBytes& privatePem, const Claims& claims)
{
    auto loaded = load(privatePem, nullptr); // once per token request: parsed a single time
    if (!loaded)
        return loaded.error();
    auto public_ = publicHalf(loaded.value().get());
    if (!public_)
        return public_.error();
    const Algorithm algorithm = public_.value().algorithm;
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1)
        return Error(Error::Kind::Internal, tr("OpenSSL could not produce random bytes."));
    const int lifetime = std::clamp(claims.lifetimeSeconds, 1, MaxLifetimeSeconds);
    const QJsonObject header{{QStringLiteral("alg"), algorithmName(algorithm)},
                             {QStringLiteral("typ"), QStringLiteral("JWT")},
                             {QStringLiteral("kid"), public_.value().kid}};
    const QJsonObject body{
        {QStringLiteral("iss"), claims.clientId},
        {QStringLiteral("sub"), claims.clientId},
        {QStringLiteral("aud"), claims.audience},
        {QStringLiteral("jti"), QString::fromLatin1(b64(QByteArray(reinterpret_cast<char*>(random), 16)))},
        {QStringLiteral("iat"), claims.issuedAt},
        {QStringLiteral("exp"), claims.issuedAt + lifetime}};
    const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             b64(QJsonDocument(body).toJson(QJsonDocument::Compact));
    Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    size_t length = 0;
    if (!context ||
        EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, loaded.value().get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char*>(input.constData()), size_t(input.size())) != 1)
        return Error(Error::Kind::Internal, tr("The client assertion could not be signed."));
    QByteArray signature(qsizetype(length), '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(input.constData()), size_t(input.size())) != 1)
        return Error(Error::Kind::Internal, tr("The client assertion could not be signed."));
    signature.resize(qsizetype(length));
    if (algorithm == Algorithm::ES256) {
        // JWS wants r || s, 32 bytes each (RFC 7518 §3.4), not OpenSSL's DER.
        const auto* der = reinterpret_cast<const unsigned char*>(signature.constData());
        Owned<ECDSA_SIG> parsed(d2i_ECDSA_SIG(nullptr, &der, long(signature.size())));
        if (!parsed)
            return Error(Error::Kind::Internal, tr("The client assertion could not be signed."));
        QByteArray raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(parsed.get()), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(parsed.get()), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
        signature = raw;
    }
    return SecretBytes(input + '.' + b64(signature));
}

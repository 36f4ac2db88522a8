#include "SecretServiceSession.h"

#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

const char* const SecretServiceSession::Algorithm = "dh-ietf1024-sha256-aes128-cbc-pkcs7";

namespace {

template <typename T, void (*Free)(T*)> struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_clear_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;
using KdfCtx = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX, EVP_KDF_CTX_free>>;
using Kdf = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF, EVP_KDF_free>>;

constexpr int AesKeyBytes = 16;
constexpr int BlockBytes = 16;

// The group's parameters (RFC 2409's second Oakley group, generator 2), with a public key when given.
Pkey dhKey(const BIGNUM* publicKey, int selection)
{
    Bn p(BN_get_rfc2409_prime_1024(nullptr));
    Bn g(BN_new());
    ParamBld build(OSSL_PARAM_BLD_new());
    if (!p || !g || !build || !BN_set_word(g.get(), 2) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_FFC_G, g.get()) ||
        (publicKey && !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PUB_KEY, publicKey)))
        return nullptr;
    Params params(OSSL_PARAM_BLD_to_param(build.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) <= 0)
        return nullptr;
    return Pkey(key);
}

} // namespace

SecretServiceSession::SecretServiceSession()
{
    Pkey domain = dhKey(nullptr, EVP_PKEY_KEY_PARAMETERS);
    PkeyCtx ctx(domain ? EVP_PKEY_CTX_new_from_pkey(nullptr, domain.get(), nullptr) : nullptr);
    EVP_PKEY* key = nullptr;
    if (ctx && EVP_PKEY_keygen_init(ctx.get()) > 0 && EVP_PKEY_keygen(ctx.get(), &key) > 0)
        m_key = key;
}

SecretServiceSession::~SecretServiceSession()
{
    EVP_PKEY_free(m_key);
}

QByteArray SecretServiceSession::publicKey() const
{
    BIGNUM* raw = nullptr;
    if (!m_key || !EVP_PKEY_get_bn_param(m_key, OSSL_PKEY_PARAM_PUB_KEY, &raw))
        return {};
    Bn pub(raw);
    QByteArray bytes(BN_num_bytes(pub.get()), Qt::Uninitialized);
    BN_bn2bin(pub.get(), reinterpret_cast<unsigned char*>(bytes.data()));
    return bytes;
}

bool SecretServiceSession::agree(const QByteArray& servicePublicKey)
{
    if (!m_key || servicePublicKey.isEmpty() || servicePublicKey.size() > 1024)
        return false;
    Bn peerValue(BN_bin2bn(reinterpret_cast<const unsigned char*>(servicePublicKey.constData()),
                           int(servicePublicKey.size()), nullptr));
    Pkey peer = peerValue ? dhKey(peerValue.get(), EVP_PKEY_PUBLIC_KEY) : nullptr;
    PkeyCtx derive(peer ? EVP_PKEY_CTX_new_from_pkey(nullptr, m_key, nullptr) : nullptr);
    // set_peer checks the service's key (1 < y < p-1, and in the group); pad: the shared secret is as long
    // as the prime, leading zeros kept, as the specification's other end computes it.
    size_t length = 0;
    if (!derive || EVP_PKEY_derive_init(derive.get()) <= 0 || EVP_PKEY_CTX_set_dh_pad(derive.get(), 1) <= 0 ||
        EVP_PKEY_derive_set_peer(derive.get(), peer.get()) <= 0 ||
        EVP_PKEY_derive(derive.get(), nullptr, &length) <= 0)
        return false;
    SecretBytes shared(QByteArray(int(length), '\0'));
    if (EVP_PKEY_derive(derive.get(), reinterpret_cast<unsigned char*>(shared.data()), &length) <= 0)
        return false;

    Kdf hkdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    KdfCtx kdf(hkdf ? EVP_KDF_CTX_new(hkdf.get()) : nullptr);
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
                           OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, shared.data(), length),
                           OSSL_PARAM_construct_end()};
    SecretBytes aesKey(QByteArray(AesKeyBytes, '\0'));
    if (!kdf ||
        EVP_KDF_derive(kdf.get(), reinterpret_cast<unsigned char*>(aesKey.data()), AesKeyBytes, params) <= 0)
        return false;
    m_aesKey = std::move(aesKey);
    return true;
}

std::optional<SecretServiceSession::Sealed> SecretServiceSession::seal(const QByteArray& plain) const
{
    if (m_aesKey.size() != AesKeyBytes)
        return std::nullopt;
    Sealed sealed{QByteArray(BlockBytes, Qt::Uninitialized),
                  QByteArray(plain.size() + BlockBytes, Qt::Uninitialized)};
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int written = 0;
    int last = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(sealed.iv.data()), BlockBytes) != 1 || !ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr,
                           reinterpret_cast<const unsigned char*>(m_aesKey.data()),
                           reinterpret_cast<const unsigned char*>(sealed.iv.constData())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(sealed.value.data()), &written,
                          reinterpret_cast<const unsigned char*>(plain.constData()),
                          int(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(sealed.value.data()) + written,
                            &last) != 1)
        return std::nullopt;
    sealed.value.truncate(written + last);
    return sealed;
}

std::optional<SecretBytes> SecretServiceSession::open(const QByteArray& iv, const QByteArray& value) const
{
    if (m_aesKey.size() != AesKeyBytes || iv.size() != BlockBytes || value.isEmpty() ||
        value.size() % BlockBytes != 0 || value.size() > 16 * 1024 * 1024)
        return std::nullopt;
    QByteArray plain(value.size(), Qt::Uninitialized);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int written = 0;
    int last = 0;
    const bool ok =
        ctx &&
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr,
                           reinterpret_cast<const unsigned char*>(m_aesKey.data()),
                           reinterpret_cast<const unsigned char*>(iv.constData())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &written,
                          reinterpret_cast<const unsigned char*>(value.constData()),
                          int(value.size())) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + written, &last) == 1;
    std::optional<SecretBytes> opened;
    if (ok)
        opened = SecretBytes(QByteArray::fromRawData(plain.constData(), written + last));
    SecretBytes::wipe(plain);
    return opened;
}

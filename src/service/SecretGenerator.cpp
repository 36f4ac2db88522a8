#include "SecretGenerator.h"

#include "Digest.h"

#include <QRandomGenerator>
#include <QUuid>

namespace {

QByteArray randomFrom(const char* alphabet, int alphabetSize, int count)
{
    QByteArray out(count, Qt::Uninitialized);
    QRandomGenerator* rng = QRandomGenerator::system();
    for (int i = 0; i < count; ++i)
        out[i] = alphabet[rng->bounded(alphabetSize)];
    return out;
}

SecretBytes prefixedSecret(const char* prefix)
{
    static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QByteArray bytes = QByteArray(prefix) + randomFrom(base62, 62, 40);
    SecretBytes secret(bytes);
    SecretBytes::wipe(bytes);
    return secret;
}

} // namespace

QString SecretGenerator::keyId()
{
    static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    return QStringLiteral("kd_") + QString::fromLatin1(randomFrom(base32, 32, 20));
}

SecretBytes SecretGenerator::keySecret()
{
    return prefixedSecret("kds_");
}

SecretBytes SecretGenerator::adminToken()
{
    return prefixedSecret("kda_");
}

QString SecretGenerator::uuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QByteArray SecretGenerator::randomBytes(int count)
{
    QByteArray out(count, Qt::Uninitialized);
    QRandomGenerator::system()->generate(out.begin(), out.end());
    return out;
}

QString SecretGenerator::sha256Hex(const SecretBytes& secret)
{
    return QString::fromLatin1(Digest::sha256(QByteArrayView(secret.data(), secret.size())).toHex());
}

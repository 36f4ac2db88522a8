#include "SecretBytes.h"

#include <cstring>
#include <string.h>

namespace {

void secureZero(void* data, size_t size)
{
    if (data && size)
        explicit_bzero(data, size);
}

} // namespace

SecretBytes::SecretBytes(const QByteArray& bytes) : m_bytes(bytes.begin(), bytes.end()) {}

SecretBytes SecretBytes::fromUtf8(const QString& text)
{
    QByteArray utf8 = text.toUtf8();
    SecretBytes secret(utf8);
    wipe(utf8);
    return secret;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes.clear();
}

SecretBytes& SecretBytes::operator=(const SecretBytes& other)
{
    if (this != &other) {
        clear();
        m_bytes = other.m_bytes;
    }
    return *this;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        clear();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

SecretBytes::~SecretBytes()
{
    clear();
}

QByteArray SecretBytes::toByteArray() const
{
    return QByteArray(m_bytes.data(), qsizetype(m_bytes.size()));
}

QString SecretBytes::toUtf8String() const
{
    return QString::fromUtf8(m_bytes.data(), qsizetype(m_bytes.size()));
}

void SecretBytes::clear()
{
    secureZero(m_bytes.data(), m_bytes.capacity() ? m_bytes.size() : 0);
    m_bytes.clear();
}

bool SecretBytes::equals(const SecretBytes& other) const
{
    if (m_bytes.size() != other.m_bytes.size())
        return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < m_bytes.size(); ++i)
        diff |= static_cast<unsigned char>(m_bytes[i] ^ other.m_bytes[i]);
    return diff == 0;
}

void SecretBytes::wipe(QByteArray& bytes)
{
    if (!bytes.isEmpty() && !bytes.isDetached()) {
        // Shared with another QByteArray: wiping would need a detach (a copy); dropping our reference is all
        // we can do.
        bytes.clear();
        return;
    }
    secureZero(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

void SecretBytes::wipe(QString& text)
{
    if (!text.isEmpty() && text.isDetached())
        secureZero(text.data(), size_t(text.size()) * sizeof(QChar));
    text.clear();
}

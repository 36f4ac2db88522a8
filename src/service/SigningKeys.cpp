#include "SigningKeys.h"

void SigningKeys::replace(QList<Key> newestFirst)
{
    QWriteLocker lock(&m_lock);
    m_keys = std::move(newestFirst);
}

SigningKeys::Key SigningKeys::current() const
{
    QReadLocker lock(&m_lock);
    return m_keys.isEmpty() ? Key{} : m_keys.first();
}

std::optional<QByteArray> SigningKeys::find(const QString& kid) const
{
    const QString wanted = kid.isEmpty() ? QStringLiteral("k0") : kid;
    QReadLocker lock(&m_lock);
    for (const Key& key : m_keys) {
        if (key.kid == wanted)
            return key.secret;
    }
    return std::nullopt;
}

bool SigningKeys::isEmpty() const
{
    QReadLocker lock(&m_lock);
    return m_keys.isEmpty();
}

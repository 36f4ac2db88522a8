#pragma once

#include <QByteArray>
#include <QList>
#include <QReadWriteLock>
#include <QString>
#include <optional>

// The token signing keys a service knows, newest first: the newest signs, all of them verify (each token
// names its key in the JWT header's kid). Shared by every worker thread.
class SigningKeys
{
public:
    struct Key
    {
        QString kid;
        QByteArray secret;
    };

    void replace(QList<Key> newestFirst);
    // The key that signs; empty before the first replace().
    Key current() const;
    // The key a token names; a token without kid is from before kids and was signed by "k0".
    std::optional<QByteArray> find(const QString& kid) const;
    bool isEmpty() const;

private:
    mutable QReadWriteLock m_lock;
    QList<Key> m_keys;
};

#pragma once

#include "SecretServiceJob.h"
#include "SecretServiceSession.h"
#include "core/SecretBytes.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QMap>
#include <memory>

// The Secret Service's names and the small readers of its replies, shared by the steps of a keychain job.
namespace SecretServiceDBus {

using Attributes = QMap<QString, QString>;
using Paths = QList<QDBusObjectPath>;

inline const QString ServicePath = QStringLiteral("/org/freedesktop/secrets");
inline const QString ServiceInterface = QStringLiteral("org.freedesktop.Secret.Service");
inline const QString CollectionInterface = QStringLiteral("org.freedesktop.Secret.Collection");
inline const QString ItemInterface = QStringLiteral("org.freedesktop.Secret.Item");
inline const QString PropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");

inline bool isNone(const QDBusObjectPath& path)
{
    return path.path().isEmpty() || path.path() == QLatin1String("/");
}

inline QDBusObjectPath pathAt(const QDBusMessage& reply, int index)
{
    return reply.arguments().value(index).value<QDBusObjectPath>();
}

inline Paths pathsAt(const QDBusMessage& reply, int index)
{
    return qdbus_cast<Paths>(reply.arguments().value(index));
}

inline QVariant propertyIn(const QDBusMessage& reply)
{
    return qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant();
}

} // namespace SecretServiceDBus

// What one keychain job has learnt so far (SecretServiceKeychain, SecretServiceCollection), shared by its
// steps.
struct SecretServiceRun
{
    SecretServiceJob* job = nullptr;
    QString account;
    QDBusObjectPath session;
    std::shared_ptr<SecretServiceSession>
        crypto; // null: the "plain" session of a provider without encryption
    QDBusObjectPath collection;
    SecretServiceDBus::Paths items;
    SecretServiceDBus::Paths lockedItems;
    QByteArray written;    // base64 of the secret being written
    bool mayUnlock = true; // false: a locked keychain ends the job instead of asking the user

    ~SecretServiceRun() { SecretBytes::wipe(written); }
    // The provider's name for messages ("KeePassXC"), or the service's when it is not known.
    QString keychainName() const { return job->keychainName(); }
};

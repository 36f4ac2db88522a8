#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>

// What people see of KeyDesk's entries in their keychain's window: the label of the Secret Service item for
// a service and account, read and set over D-Bus as Seahorse or KeePassXC would.
namespace SecretServiceLabels {

inline QList<QDBusObjectPath> items(const QString& service, const QString& account)
{
    qDBusRegisterMetaType<QMap<QString, QString>>();
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(
        QMap<QString, QString>{{QStringLiteral("server"), service}, {QStringLiteral("user"), account}});
    const QDBusMessage found = QDBusConnection::sessionBus().call(search, QDBus::Block, 5000);
    return qdbus_cast<QList<QDBusObjectPath>>(found.arguments().value(0));
}

inline QDBusMessage itemCall(const QDBusObjectPath& item, const QString& method)
{
    return QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.secrets"), item.path(),
                                          QStringLiteral("org.freedesktop.DBus.Properties"), method);
}

// The label, or "<n> entries" when there is not exactly one.
inline QString labelOf(const QString& service, const QString& account)
{
    const QList<QDBusObjectPath> found = items(service, account);
    if (found.size() != 1)
        return QStringLiteral("%1 entries").arg(found.size());
    QDBusMessage get = itemCall(found.constFirst(), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Item") << QStringLiteral("Label");
    const QDBusMessage reply = QDBusConnection::sessionBus().call(get, QDBus::Block, 5000);
    return qdbus_cast<QDBusVariant>(reply.arguments().value(0)).variant().toString();
}

inline bool setLabel(const QString& service, const QString& account, const QString& label)
{
    const QList<QDBusObjectPath> found = items(service, account);
    if (found.size() != 1)
        return false;
    QDBusMessage set = itemCall(found.constFirst(), QStringLiteral("Set"));
    set << QStringLiteral("org.freedesktop.Secret.Item") << QStringLiteral("Label")
        << QVariant::fromValue(QDBusVariant(label));
    return QDBusConnection::sessionBus().call(set, QDBus::Block, 5000).type() == QDBusMessage::ReplyMessage;
}

} // namespace SecretServiceLabels

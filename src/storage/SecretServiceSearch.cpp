#include "SecretServiceSearch.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QTimer>

namespace {

using Attributes = QMap<QString, QString>;

} // namespace

SecretServiceSearch::SecretServiceSearch(QObject* parent) : QObject(parent)
{
    qDBusRegisterMetaType<Attributes>();
}

void SecretServiceSearch::find(const QString& service, const QString& account, Done done, int timeoutMs)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || account.isEmpty()) {
        QTimer::singleShot(0, this, [done = std::move(done)] { done(Answer::Unsure); });
        return;
    }
    // The attributes QtKeychain's libsecret backend writes (schema org.qt.keychain): server is the
    // service name, user the account.
    const Attributes attributes{{QStringLiteral("xdg:schema"), QStringLiteral("org.qt.keychain")},
                                {QStringLiteral("server"), service},
                                {QStringLiteral("user"), account}};
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    call << QVariant::fromValue(attributes);
    call.setAutoStartService(false); // a keyring nobody runs is not started just to answer this
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, timeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, done = std::move(done), timeoutMs](QDBusPendingCallWatcher* finished) {
                finished->deleteLater();
                QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *finished;
                if (reply.isError())
                    return done(Answer::Unsure);
                if (!reply.argumentAt<0>().isEmpty() || !reply.argumentAt<1>().isEmpty())
                    return done(Answer::Found);
                askDefaultCollectionUnlocked(done, timeoutMs);
            });
}

void SecretServiceSearch::askDefaultCollectionUnlocked(Done done, int timeoutMs)
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    call << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    call.setAutoStartService(false);
    auto* watcher =
        new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, timeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher* finished) {
                finished->deleteLater();
                QDBusPendingReply<QDBusVariant> reply = *finished;
                const bool unlocked = !reply.isError() && reply.value().variant().toBool() == false &&
                                      reply.value().variant().isValid();
                done(unlocked ? Answer::NotFound : Answer::Unsure);
            });
}

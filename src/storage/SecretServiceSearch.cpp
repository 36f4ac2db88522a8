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
    // Locked first: KeePassXC answers a search of a locked database with its unlock dialog.
    askDefaultCollectionUnlocked(
        [this, service, account, done, timeoutMs](bool unlocked) {
            if (!unlocked)
                return done(Answer::Unsure);
            search(service, account, done, timeoutMs);
        },
        timeoutMs);
}

void SecretServiceSearch::reachable(std::function<void(bool)> done, int timeoutMs)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        QTimer::singleShot(0, this, [done = std::move(done)] { done(false); });
        return;
    }
    auto ask = [&bus, timeoutMs](const char* method) {
        QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QString::fromLatin1(method));
        if (qstrcmp(method, "NameHasOwner") == 0)
            call << QStringLiteral("org.freedesktop.secrets");
        return bus.asyncCall(call, timeoutMs);
    };
    auto* owner = new QDBusPendingCallWatcher(ask("NameHasOwner"), this);
    auto* activatable = new QDBusPendingCallWatcher(ask("ListActivatableNames"), this);
    auto answers = std::make_shared<int>(0);
    auto found = std::make_shared<bool>(false);
    auto collect = [done = std::move(done), answers, found](QDBusPendingCallWatcher* finished) {
        finished->deleteLater();
        const QDBusMessage reply = finished->reply();
        const QVariant value = reply.arguments().value(0);
        if (reply.type() == QDBusMessage::ReplyMessage &&
            (value.toBool() || value.toStringList().contains(QStringLiteral("org.freedesktop.secrets"))))
            *found = true;
        if (++*answers == 2)
            done(*found);
    };
    connect(owner, &QDBusPendingCallWatcher::finished, this, collect);
    connect(activatable, &QDBusPendingCallWatcher::finished, this, collect);
}

void SecretServiceSearch::search(const QString& service, const QString& account, Done done, int timeoutMs)
{
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
    auto* watcher =
        new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call, timeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [done = std::move(done)](QDBusPendingCallWatcher* finished) {
                finished->deleteLater();
                QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *finished;
                if (reply.isError())
                    return done(Answer::Unsure);
                const bool found = !reply.argumentAt<0>().isEmpty() || !reply.argumentAt<1>().isEmpty();
                done(found ? Answer::Found : Answer::NotFound);
            });
}

void SecretServiceSearch::askDefaultCollectionUnlocked(std::function<void(bool)> done, int timeoutMs)
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
                done(!reply.isError() && reply.value().variant().isValid() &&
                     reply.value().variant().toBool() == false);
            });
}

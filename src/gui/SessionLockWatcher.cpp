#include "SessionLockWatcher.h"

#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace {

const QString kLogin1 = QStringLiteral("org.freedesktop.login1");

} // namespace

SessionLockWatcher::SessionLockWatcher(QDBusConnection sessionBus, QDBusConnection systemBus, QObject* parent)
    : QObject(parent), m_session(std::move(sessionBus)), m_system(std::move(systemBus))
{
    // Any sender: screen savers own these names, but a locker may send from its own connection.
    const QList<QPair<QString, QString>> screenSavers = {
        {QStringLiteral("/org/freedesktop/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver")},
        {QStringLiteral("/ScreenSaver"), QStringLiteral("org.freedesktop.ScreenSaver")},
        {QStringLiteral("/org/gnome/ScreenSaver"), QStringLiteral("org.gnome.ScreenSaver")},
    };
    if (m_session.isConnected()) {
        for (const auto& [path, interface] : screenSavers) {
            if (m_session.connect(QString(), path, interface, QStringLiteral("ActiveChanged"), this,
                                  SLOT(onActiveChanged(bool))))
                ++m_sources;
        }
    }
    if (m_system.isConnected()) {
        if (m_system.connect(kLogin1, QStringLiteral("/org/freedesktop/login1"),
                             QStringLiteral("org.freedesktop.login1.Manager"),
                             QStringLiteral("PrepareForSleep"), this, SLOT(onPrepareForSleep(bool))))
            ++m_sources;
        watchLogindSession();
    }
}

void SessionLockWatcher::watchLogindSession()
{
    // logind sends Lock on this session's own object: ask which one that is.
    QDBusMessage ask = QDBusMessage::createMethodCall(kLogin1, QStringLiteral("/org/freedesktop/login1"),
                                                      QStringLiteral("org.freedesktop.login1.Manager"),
                                                      QStringLiteral("GetSessionByPID"));
    ask << quint32(QCoreApplication::applicationPid());
    auto* pending = new QDBusPendingCallWatcher(m_system.asyncCall(ask, 5000), this);
    connect(pending, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher* call) {
        call->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *call;
        if (reply.isError())
            return; // no logind (a container, another init): the screen saver and the idle timer remain
        if (m_system.connect(kLogin1, reply.value().path(), QStringLiteral("org.freedesktop.login1.Session"),
                             QStringLiteral("Lock"), this, SLOT(onSessionLock())))
            ++m_sources;
    });
}

void SessionLockWatcher::onActiveChanged(bool active)
{
    if (active)
        emit lockRequested();
}

void SessionLockWatcher::onSessionLock()
{
    emit lockRequested();
}

void SessionLockWatcher::onPrepareForSleep(bool sleeping)
{
    if (sleeping)
        emit lockRequested();
}

#pragma once

#include <QDBusConnection>
#include <QObject>

// Tells when the desktop session locks or the machine goes to sleep, from the signals desktops send:
// org.freedesktop.ScreenSaver and org.gnome.ScreenSaver ActiveChanged(true) on the session bus, and logind's
// Lock for this session and PrepareForSleep(true) on the system bus. The buses are passed in, so tests can
// play logind and the screen saver on a private bus.
class SessionLockWatcher : public QObject
{
    Q_OBJECT

public:
    SessionLockWatcher(QDBusConnection sessionBus, QDBusConnection systemBus, QObject* parent = nullptr);
    // Signals wired up (a desktop may offer none of them: then only the idle timer locks).
    int sourcesWatched() const { return m_sources; }

signals:
    void lockRequested();

private slots:
    // QtDBus delivers bus signals to slots named by string only (no function-pointer overload in Qt 6.4).
    void onActiveChanged(bool active);
    void onSessionLock();
    void onPrepareForSleep(bool sleeping);

private:
    void watchLogindSession();

    QDBusConnection m_session;
    QDBusConnection m_system;
    int m_sources = 0;
};

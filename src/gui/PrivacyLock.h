#pragma once

#include <QObject>

class Clipboard;
class IdleWatcher;
class SessionLockWatcher;

// KeePassXC-style privacy lock: when the screen locks, the machine sleeps, KeyDesk sits idle for N minutes or
// (if chosen) its main window is minimised, every SecretHolder masks what it reveals and forgets the tokens
// it holds, and the clipboard is cleared if it holds one of ours. There is nothing to unlock: revealing again
// is a deliberate click after the user is back.
class PrivacyLock : public QObject
{
    Q_OBJECT

public:
    enum class Reason
    {
        SessionLocked,
        Idle,
        Minimised,
        Requested
    };
    Q_ENUM(Reason)

    PrivacyLock(Clipboard& clipboard, SessionLockWatcher* session, IdleWatcher* idle,
                QObject* parent = nullptr);
    void setLockOnMinimise(bool on) { m_lockOnMinimise = on; }
    // Watches `window` for minimising (when chosen).
    void watchWindow(QObject* window);

public slots:
    void engage(PrivacyLock::Reason reason = Reason::Requested);

signals:
    void engaged(PrivacyLock::Reason reason);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    Clipboard& m_clipboard;
    bool m_lockOnMinimise = false;
};

#include "PrivacyLock.h"

#include "Clipboard.h"
#include "IdleWatcher.h"
#include "SecretHolder.h"
#include "SessionLockWatcher.h"

#include <QApplication>
#include <QEvent>
#include <QWidget>

PrivacyLock::PrivacyLock(Clipboard& clipboard, SessionLockWatcher* session, IdleWatcher* idle,
                         QObject* parent)
    : QObject(parent), m_clipboard(clipboard)
{
    if (session)
        connect(session, &SessionLockWatcher::lockRequested, this, [this] { engage(Reason::SessionLocked); });
    if (idle)
        connect(idle, &IdleWatcher::idle, this, [this] { engage(Reason::Idle); });
}

void PrivacyLock::watchWindow(QObject* window)
{
    window->installEventFilter(this);
}

void PrivacyLock::engage(Reason reason)
{
    // Every window, open dialogs included: whoever holds a secret knows best how to hide it.
    for (QWidget* widget : QApplication::allWidgets()) {
        if (auto* holder = dynamic_cast<SecretHolder*>(widget))
            holder->lockSecrets();
    }
    m_clipboard.clearIfOurs();
    emit engaged(reason);
}

bool PrivacyLock::eventFilter(QObject* watched, QEvent* event)
{
    if (m_lockOnMinimise && event->type() == QEvent::WindowStateChange) {
        auto* window = qobject_cast<QWidget*>(watched);
        if (window && window->isMinimized())
            engage(Reason::Minimised);
    }
    return QObject::eventFilter(watched, event);
}

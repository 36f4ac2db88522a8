#pragma once

#include "gui/KeyActions.h"

#include <QAction>
#include <QTest>
#include <QWidget>

// Runs one of a window's actions as the user does, from its menu, toolbar or shortcut: the action must exist
// and be enabled (a disabled action does nothing for the user, so a test must not get round that).
inline void triggerAction(QWidget& window, const char* objectName)
{
    auto* action = window.findChild<QAction*>(QLatin1String(objectName));
    QVERIFY2(action, objectName);
    QVERIFY2(action->isEnabled(), objectName);
    action->trigger();
}

// The window's key actions (Test, Delete, Deactivate, Rotate), to wait for their results as the window does.
inline KeyActions* keyActionsOf(QWidget& window)
{
    return window.findChild<KeyActions*>();
}

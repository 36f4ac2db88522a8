#include "SecretFieldGuard.h"

#include <QKeyEvent>
#include <QLineEdit>

SecretFieldGuard::SecretFieldGuard(QLineEdit* field, std::function<void()> copy)
    : QObject(field), m_field(field), m_copy(std::move(copy))
{}

void SecretFieldGuard::install(QLineEdit* field, std::function<void()> copy)
{
    auto* guard = new SecretFieldGuard(field, std::move(copy));
    field->installEventFilter(guard);
    field->setDragEnabled(false);
    // Deselecting as soon as a selection appears means QLineEdit has nothing to put in PRIMARY: it copies
    // there after the mouse or key event that selected, and by then nothing is selected.
    connect(field, &QLineEdit::selectionChanged, guard, [guard] {
        if (guard->revealed() && guard->m_field->hasSelectedText())
            guard->m_field->deselect();
    });
}

void SecretFieldGuard::reveal(QLineEdit* field, bool shown)
{
    field->deselect();
    field->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
}

bool SecretFieldGuard::revealed() const
{
    return m_field->echoMode() == QLineEdit::Normal;
}

bool SecretFieldGuard::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_field)
        return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::ContextMenu && revealed())
        return true; // its Copy and Select All would bypass us
    if (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress)
        return QObject::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (!key->matches(QKeySequence::Copy) && !key->matches(QKeySequence::Cut))
        return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept(); // ours, not a window shortcut's
        return true;
    }
    if (m_copy)
        m_copy();
    return true;
}

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
    field->setContextMenuPolicy(Qt::NoContextMenu);
    field->setDragEnabled(false);
    // Deselecting as soon as a selection appears means QLineEdit has nothing to put in PRIMARY: it copies
    // there after the mouse or key event that selected, and by then nothing is selected.
    connect(field, &QLineEdit::selectionChanged, guard, [field] {
        if (field->hasSelectedText())
            field->deselect();
    });
}

bool SecretFieldGuard::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_field ||
        (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QObject::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (!key->matches(QKeySequence::Copy) && !key->matches(QKeySequence::Cut))
        return QObject::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept(); // ours, not a window shortcut's
        return true;
    }
    m_copy();
    return true;
}

#include "EscapeClears.h"

#include <QKeyEvent>
#include <QLineEdit>

void EscapeClears::install(QLineEdit* edit)
{
    edit->installEventFilter(new EscapeClears(edit));
}

EscapeClears::EscapeClears(QLineEdit* edit) : QObject(edit), m_edit(edit) {}

bool EscapeClears::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_edit || event->type() != QEvent::KeyPress ||
        static_cast<QKeyEvent*>(event)->key() != Qt::Key_Escape || m_edit->text().isEmpty())
        return false;
    m_edit->clear();
    return true;
}

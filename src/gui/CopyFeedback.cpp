#include "CopyFeedback.h"

#include "Clipboard.h"

CopyFeedback::CopyFeedback(Clipboard& clipboard, QWidget* parent) : QLabel(parent), m_clipboard(clipboard)
{
    setObjectName(QStringLiteral("copyFeedbackLabel"));
    setWordWrap(true);
    setAccessibleName(tr("Clipboard"));
    m_fade.setSingleShot(true);
    m_fade.setInterval(4000);
    connect(&m_fade, &QTimer::timeout, this, &QLabel::clear);
    connect(&m_clipboard, &Clipboard::countdown, this, &CopyFeedback::secretCountdown);
}

void CopyFeedback::copiedText(const QString& what)
{
    m_secretName.clear();
    setText(tr("%1 copied.").arg(what));
    m_fade.start();
}

void CopyFeedback::copiedSecret(const QString& what)
{
    m_fade.stop();
    m_secretName = what;
    secretCountdown(m_clipboard.secondsLeft());
}

void CopyFeedback::secretCountdown(int secondsLeft)
{
    if (m_secretName.isEmpty())
        return;
    if (secondsLeft > 0) {
        setText(tr("%1 copied. The clipboard clears in %2 s.").arg(m_secretName).arg(secondsLeft));
        return;
    }
    // Cleared, or replaced by something else the user copied: either way it is no longer ours.
    setText(tr("The clipboard was cleared."));
    m_secretName.clear();
    m_fade.start();
}

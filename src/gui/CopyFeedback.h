#pragma once

#include <QLabel>
#include <QTimer>

class Clipboard;

// "Copied" said inside the dialog that copied, where the user looks, not only in the main window's status
// bar behind it: what went to the clipboard and, for a secret, how long it stays there.
class CopyFeedback : public QLabel
{
    Q_OBJECT

public:
    explicit CopyFeedback(Clipboard& clipboard, QWidget* parent = nullptr);

    // `what` names the copy ("Key ID", "Secret"); the caller has already copied it.
    void copiedText(const QString& what);
    void copiedSecret(const QString& what);

private:
    void secretCountdown(int secondsLeft);

    Clipboard& m_clipboard;
    QString m_secretName; // while our secret is on the clipboard
    QTimer m_fade;
};

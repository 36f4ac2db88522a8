#pragma once

#include <QObject>

class Clipboard;
class QStatusBar;

// The status bar's messages, each about the whole window or about one key. A message about a key goes when
// another key is selected or that key changes, so no verdict ("The credential works.", a red test error)
// outlives what it was about. At its right end: when the clipboard clears a copied secret.
class StatusLine : public QObject
{
    Q_OBJECT

public:
    StatusLine(QStatusBar* bar, Clipboard& clipboard);

    // A problem stays until the next message; anything else goes after 8 s. `aboutKey`: 0 for the window.
    void show(const QString& message, bool problem, qint64 aboutKey = 0);
    void keySelected(qint64 credentialId); // 0: none
    void keyChanged(qint64 credentialId);

private:
    void clear();

    QStatusBar* m_bar;
    qint64 m_aboutKey = 0;
};

#pragma once

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QClipboard;

// The one way KeyDesk puts secrets on the clipboard (after KeePassXC's Clipboard): the copy carries the
// password-manager hint so clipboard managers skip it, never goes to the X11 PRIMARY selection, and is
// cleared after a timeout -- but only if the clipboard still holds what we put there -- and on quit.
class Clipboard : public QObject
{
    Q_OBJECT

public:
    explicit Clipboard(QObject* parent = nullptr);
    ~Clipboard() override;

    void setTimeoutSeconds(int seconds) { m_timeoutSeconds = seconds; }
    int timeoutSeconds() const { return m_timeoutSeconds; }
    // Plain text for non-secrets (key ids): no hint, no timer.
    void copyText(const QString& text);
    // A secret: hinted, timed, cleared if unchanged. `text` is not kept; only its hash is.
    void copySecret(const QString& text);
    int secondsLeft() const { return m_secondsLeft; }

public slots:
    void clearIfOurs();

signals:
    void
    countdown(int secondsLeft); // each second while a secret is on the clipboard; 0 when cleared or replaced

private:
    void tick();
    bool holdsOurSecret() const;
    void clearSelectionIfOurs();

    QTimer m_ticker;
    int m_timeoutSeconds = 30;
    int m_secondsLeft = 0;
    QByteArray m_copiedHash;
};

#include "Clipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>

namespace {

QByteArray hashOf(const QString& text)
{
    return QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
}

QMimeData* secretMime(const QString& text)
{
    auto* mime = new QMimeData;
    mime->setText(text);
    // KDE Klipper, GNOME clipboard managers and others skip entries carrying this hint.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    return mime;
}

} // namespace

Clipboard::Clipboard(QObject* parent) : QObject(parent)
{
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &Clipboard::tick);
    connect(qGuiApp, &QGuiApplication::aboutToQuit, this, &Clipboard::clearIfOurs);
}

Clipboard::~Clipboard()
{
    clearIfOurs();
}

void Clipboard::copyText(const QString& text)
{
    QGuiApplication::clipboard()->setText(text, QClipboard::Clipboard);
}

void Clipboard::copySecret(const QString& text)
{
    QClipboard* clipboard = QGuiApplication::clipboard();
    // Never the X11 PRIMARY selection: it is pasted by a middle click anywhere, and once the clipboard
    // holds something else nothing would tell us when to clear it.
    clipboard->setMimeData(secretMime(text), QClipboard::Clipboard);
    m_copiedHash = hashOf(text);
    clearSelectionIfOurs();
    m_secondsLeft = m_timeoutSeconds;
    m_ticker.start();
    emit countdown(m_secondsLeft);
}

bool Clipboard::holdsOurSecret() const
{
    return !m_copiedHash.isEmpty() &&
           hashOf(QGuiApplication::clipboard()->text(QClipboard::Clipboard)) == m_copiedHash;
}

void Clipboard::tick()
{
    if (!holdsOurSecret()) { // the user copied something else: leave it alone, stop counting
        m_ticker.stop();
        m_copiedHash.clear();
        m_secondsLeft = 0;
        emit countdown(0);
        return;
    }
    if (--m_secondsLeft <= 0) {
        clearIfOurs();
        return;
    }
    emit countdown(m_secondsLeft);
}

void Clipboard::clearSelectionIfOurs()
{
    // The selection is owned by whichever field selected text last: one of ours, if a secret got there.
    QClipboard* clipboard = QGuiApplication::clipboard();
    if (clipboard->supportsSelection() && clipboard->ownsSelection() &&
        hashOf(clipboard->text(QClipboard::Selection)) == m_copiedHash)
        clipboard->clear(QClipboard::Selection);
}

void Clipboard::clearIfOurs()
{
    if (m_copiedHash.isEmpty())
        return;
    if (holdsOurSecret())
        QGuiApplication::clipboard()->clear(QClipboard::Clipboard);
    clearSelectionIfOurs();
    m_copiedHash.clear();
    m_ticker.stop();
    m_secondsLeft = 0;
    emit countdown(0);
}

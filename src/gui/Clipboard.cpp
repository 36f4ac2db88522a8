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
    clipboard->setMimeData(secretMime(text), QClipboard::Clipboard);
    if (clipboard->supportsSelection())
        clipboard->setMimeData(secretMime(text), QClipboard::Selection);
    m_copiedHash = hashOf(text);
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

void Clipboard::clearIfOurs()
{
    if (m_copiedHash.isEmpty())
        return;
    QClipboard* clipboard = QGuiApplication::clipboard();
    if (holdsOurSecret())
        clipboard->clear(QClipboard::Clipboard);
    if (clipboard->supportsSelection() && hashOf(clipboard->text(QClipboard::Selection)) == m_copiedHash)
        clipboard->clear(QClipboard::Selection);
    m_copiedHash.clear();
    m_ticker.stop();
    m_secondsLeft = 0;
    emit countdown(0);
}

#include "StatusLine.h"

#include "Clipboard.h"
#include "StatusColors.h"

#include <QLabel>
#include <QStatusBar>

StatusLine::StatusLine(QStatusBar* bar, Clipboard& clipboard) : QObject(bar), m_bar(bar)
{
    auto* countdown = new QLabel(bar);
    countdown->setTextFormat(Qt::PlainText);
    bar->addPermanentWidget(countdown);
    connect(&clipboard, &Clipboard::countdown, countdown, [countdown](int seconds) {
        countdown->setText(seconds > 0 ? tr("Clipboard clears in %1 s").arg(seconds) : QString());
    });
    connect(m_bar, &QStatusBar::messageChanged, this, [this](const QString& message) {
        if (message.isEmpty()) // timed out or replaced by nothing
            m_aboutKey = 0;
    });
}

void StatusLine::show(const QString& message, bool problem, qint64 aboutKey)
{
    m_bar->setStyleSheet(problem ? StatusColors::styleSheet(StatusColors::Tone::Problem, m_bar->palette())
                                 : QString());
    m_bar->showMessage(message, problem ? 0 : 8000);
    m_aboutKey = aboutKey;
}

void StatusLine::keySelected(qint64 credentialId)
{
    if (m_aboutKey != 0 && m_aboutKey != credentialId)
        clear();
}

void StatusLine::keyChanged(qint64 credentialId)
{
    if (m_aboutKey != 0 && m_aboutKey == credentialId)
        clear();
}

void StatusLine::clear()
{
    m_aboutKey = 0;
    m_bar->setStyleSheet(QString());
    m_bar->clearMessage();
}

#include "EmptyStatePanel.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

EmptyStatePanel::EmptyStatePanel(QWidget* viewport)
    : QWidget(viewport), m_message(new QLabel(this)), m_buttons(new QHBoxLayout)
{
    setObjectName(QStringLiteral("emptyStatePanel"));
    m_message->setObjectName(QStringLiteral("emptyStateLabel"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(m_message);
    m_buttons->addStretch();
    layout->addLayout(m_buttons);
    layout->addStretch();
    viewport->installEventFilter(this);
    setGeometry(viewport->rect());
    hide();
}

void EmptyStatePanel::showState(const QString& message, const QList<QAction*>& nextSteps)
{
    m_message->setText(message);
    while (m_buttons->count() > 1) { // keep the leading stretch
        QLayoutItem* item = m_buttons->takeAt(1);
        if (QWidget* old = item->widget()) { // later: it may be the button whose click led here
            old->hide();
            old->deleteLater();
        }
        delete item;
    }
    for (QAction* action : nextSteps) {
        auto* button =
            new QPushButton(action->text().remove(QLatin1Char('&')).remove(QStringLiteral("\u2026")), this);
        button->setEnabled(action->isEnabled());
        button->setToolTip(action->toolTip());
        connect(button, &QPushButton::clicked, action, &QAction::trigger);
        m_buttons->addWidget(button);
    }
    m_buttons->addStretch();
    setGeometry(parentWidget()->rect());
    show();
    raise();
}

QString EmptyStatePanel::message() const
{
    return m_message->text();
}

bool EmptyStatePanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

#include "DetailsPlacement.h"

#include <QEvent>
#include <QSplitter>

void DetailsPlacement::install(QSplitter* splitter, int tableWidth)
{
    splitter->installEventFilter(new DetailsPlacement(splitter, tableWidth));
}

DetailsPlacement::DetailsPlacement(QSplitter* splitter, int tableWidth)
    : QObject(splitter), m_splitter(splitter), m_tableWidth(tableWidth)
{
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setChildrenCollapsible(false);
}

bool DetailsPlacement::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_splitter && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        place();
    return false;
}

void DetailsPlacement::place()
{
    const QWidget* pane = m_splitter->widget(1);
    const int details = qMax(pane->minimumWidth(), pane->minimumSizeHint().width());
    const Qt::Orientation wanted = m_splitter->width() >= m_tableWidth + details + m_splitter->handleWidth()
                                       ? Qt::Horizontal
                                       : Qt::Vertical;
    if (m_placed && m_splitter->orientation() == wanted)
        return;
    m_placed = true;
    m_splitter->setOrientation(wanted);
    // The splitter lays out again only once it is shown: sizes are given now, from its own size.
    if (wanted == Qt::Horizontal)
        m_splitter->setSizes({m_splitter->width() - details, details});
    else
        m_splitter->setSizes({m_splitter->height() * 3 / 5, m_splitter->height() * 2 / 5});
}

#include "ScreenFit.h"

#include <QGuiApplication>
#include <QLayout>
#include <QMargins>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QWidget>
#include <algorithm>

namespace ScreenFit {

namespace {

// What the window manager adds around a window: known once it is shown, else a title bar and borders,
// generous for a 200 % theme.
QMargins frameOf(const QWidget* window)
{
    const QRect inner = window->geometry();
    const QRect outer = window->frameGeometry();
    if (window->isVisible() && outer != inner)
        return {inner.left() - outer.left(), inner.top() - outer.top(), outer.right() - inner.right(),
                outer.bottom() - inner.bottom()};
    return {8, 40, 8, 8};
}

} // namespace

QRect fitted(const QRect& wanted, const QRect& available)
{
    if (!available.isValid())
        return wanted;
    QRect r(wanted.topLeft(), wanted.size().boundedTo(available.size()));
    if (r.right() > available.right())
        r.moveRight(available.right());
    if (r.bottom() > available.bottom())
        r.moveBottom(available.bottom());
    if (r.left() < available.left())
        r.moveLeft(available.left());
    if (r.top() < available.top())
        r.moveTop(available.top());
    return r;
}

void apply(QWidget* window)
{
    QScreen* screen = QGuiApplication::screenAt(window->geometry().center());
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect r = fitted(window->geometry(), screen->availableGeometry() - frameOf(window));
    if (r != window->geometry()) {
        window->resize(r.size());
        window->move(r.topLeft());
    }
}

QSize room(const QWidget* window)
{
    QScreen* screen = window->isVisible() ? window->screen() : nullptr;
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    if (!screen)
        return {};
    return (screen->availableGeometry() - frameOf(window)).size();
}

void fitScrolledForm(QWidget* window, QScrollArea* area, bool onlyGrow)
{
    QWidget* form = area->widget();
    form->layout()->activate();
    const QSize whole = form->sizeHint();
    area->setMinimumWidth(whole.width() + area->verticalScrollBar()->sizeHint().width());
    QLayout* layout = window->layout();
    const QMargins margins = layout->contentsMargins();
    int wanted = margins.top() + margins.bottom();
    int rows = 0;
    for (int i = 0; i < layout->count(); ++i) {
        QLayoutItem* item = layout->itemAt(i);
        if (item->isEmpty()) // hidden
            continue;
        wanted += item->widget() == area ? whole.height() : item->sizeHint().height();
        ++rows;
    }
    wanted += layout->spacing() * std::max(0, rows - 1);
    const int height = std::min(wanted, room(window).height());
    window->resize(window->width(), onlyGrow ? std::max(window->height(), height) : height);
}

} // namespace ScreenFit

#pragma once

#include <QRect>
#include <QSize>

class QScrollArea;
class QWidget;

// A restored or default window geometry made to fit the screen it opens on: never larger than the available
// area (a QT_SCALE_FACTOR of 2 doubles the default size), never off screen (a monitor that was unplugged).
namespace ScreenFit {

QRect fitted(const QRect& wanted, const QRect& available);
void apply(QWidget* window);
// The room a window has on its screen (the primary one before it is shown): the available area less what a
// window manager adds around it (title bar, borders).
QSize room(const QWidget* window);
// A window whose form scrolls: as tall as the whole form and the window's other rows (an error, the buttons)
// where the screen has room, else as tall as the room, the rest reached by scrolling while those rows stay in
// view. `onlyGrow`: never shorter than it is (after the form grew).
void fitScrolledForm(QWidget* window, QScrollArea* area, bool onlyGrow);

} // namespace ScreenFit

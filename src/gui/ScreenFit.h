#pragma once

#include <QRect>
#include <QSize>

class QWidget;

// A restored or default window geometry made to fit the screen it opens on: never larger than the available
// area (a QT_SCALE_FACTOR of 2 doubles the default size), never off screen (a monitor that was unplugged).
namespace ScreenFit {

QRect fitted(const QRect& wanted, const QRect& available);
void apply(QWidget* window);
// The room a window has on its screen (the primary one before it is shown): the available area less what a
// window manager adds around it (title bar, borders).
QSize room(const QWidget* window);

} // namespace ScreenFit

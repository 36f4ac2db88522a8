#pragma once

#include <QRect>

class QWidget;

// A restored or default window geometry made to fit the screen it opens on: never larger than the available
// area (a QT_SCALE_FACTOR of 2 doubles the default size), never off screen (a monitor that was unplugged).
namespace ScreenFit {

QRect fitted(const QRect& wanted, const QRect& available);
void apply(QWidget* window);

} // namespace ScreenFit

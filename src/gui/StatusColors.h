#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

// The colours that say "problem", "soon", "fine" and "not in use", always next to words that say the same
// (colour is never the only sign). Each is picked for the background it is drawn on -- a light or a dark
// palette -- and darkened or lightened until its text meets WCAG 2 AA (4.5:1) there.
namespace StatusColors {

enum class Tone
{
    Problem,
    Warning,
    Good,
    Muted
};

static constexpr double MinimumContrast = 4.5;

QColor on(Tone tone, const QColor& background);
// On the palette's window colour (labels, the status bar); `base` for views (the inventory table).
QColor forWindow(Tone tone, const QPalette& palette);
QColor forBase(Tone tone, const QPalette& palette);
// "color: #rrggbb;" for a label on the window colour.
QString styleSheet(Tone tone, const QPalette& palette);
// WCAG 2 contrast ratio, 1 to 21.
double contrast(const QColor& a, const QColor& b);

} // namespace StatusColors

#include "StatusColors.h"

#include <QHash>
#include <cmath>

namespace {

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// Material-like tones: darker ones for light backgrounds, lighter ones for dark backgrounds.
QColor preferred(StatusColors::Tone tone, bool darkBackground)
{
    using T = StatusColors::Tone;
    switch (tone) {
    case T::Problem:
        return darkBackground ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case T::Warning:
        return darkBackground ? QColor(0xff, 0xb7, 0x4d) : QColor(0x9a, 0x5b, 0x00);
    case T::Good:
        return darkBackground ? QColor(0x81, 0xc9, 0x95) : QColor(0x1b, 0x7f, 0x3a);
    case T::Muted:
        return darkBackground ? QColor(0xb0, 0xb0, 0xb0) : QColor(0x6b, 0x6b, 0x6b);
    }
    return {};
}

} // namespace

namespace StatusColors {

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor on(Tone tone, const QColor& background)
{
    // Asked for every Status cell the table paints: remembered per tone and background (GUI thread only).
    static QHash<quint64, QRgb> known;
    const quint64 key = (quint64(background.rgba()) << 8) | quint64(tone);
    if (const auto found = known.constFind(key); found != known.cend())
        return QColor::fromRgba(found.value());
    const bool dark = luminance(background) < 0.18; // below mid-grey: light text reads better
    const QColor start = preferred(tone, dark);
    // An unusual background (a theme's tinted window): move towards black or white until it reads.
    const QColor towards = dark ? QColor(Qt::white) : QColor(Qt::black);
    QColor colour = start;
    for (int step = 1; contrast(colour, background) < MinimumContrast && step <= 10; ++step) {
        const float t = float(step) / 10.0f;
        colour = QColor::fromRgbF(start.redF() + (towards.redF() - start.redF()) * t,
                                  start.greenF() + (towards.greenF() - start.greenF()) * t,
                                  start.blueF() + (towards.blueF() - start.blueF()) * t);
    }
    known.insert(key, colour.rgba());
    return colour;
}

QColor forWindow(Tone tone, const QPalette& palette)
{
    return on(tone, palette.color(QPalette::Window));
}

QColor forBase(Tone tone, const QPalette& palette)
{
    return on(tone, palette.color(QPalette::Base));
}

QString styleSheet(Tone tone, const QPalette& palette)
{
    return QStringLiteral("color: %1;").arg(forWindow(tone, palette).name());
}

} // namespace StatusColors

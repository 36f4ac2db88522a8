#include "TerminalText.h"

namespace {

bool isDangerous(char16_t c)
{
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        return true;
    // Bidirectional overrides and isolates reorder what the user reads ("Trojan Source").
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

} // namespace

namespace TerminalText {

QString sanitized(const QString& text, Lines lines)
{
    // Every character we replace is in the BMP, so walking UTF-16 units is enough; surrogates pass as they
    // are.
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n' || u == u'\t' || u == u'\r')
            out += lines == Lines::Keep && u != u'\r' ? c : QLatin1Char(' ');
        else
            out += isDangerous(u) ? QChar(0xfffd) : c;
    }
    return out;
}

QString table(const QList<QStringList>& rows)
{
    QList<int> widths;
    for (const QStringList& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (int i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], int(row.at(i).size()));
    }
    QString out;
    for (const QStringList& row : rows) {
        QStringList padded;
        for (int i = 0; i < row.size(); ++i)
            padded << (i + 1 < row.size() ? row.at(i).leftJustified(widths[i]) : row.at(i));
        out += padded.join(QStringLiteral("  ")) + QLatin1Char('\n');
    }
    return out;
}

} // namespace TerminalText

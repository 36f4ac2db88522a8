#pragma once

#include <QString>
#include <QStringList>

// Text from a server, the inventory or a key description on its way to a terminal: control characters
// (ESC sequences that move the cursor, rewrite the title or the clipboard, C1 controls, bidi overrides)
// become U+FFFD so that nobody else's text can act on the user's terminal. Newlines and tabs stay only
// where the caller allows them.
namespace TerminalText {

enum class Lines
{
    Keep,   // \n and \t kept (multi-line output we format ourselves)
    Flatten // one line: \n, \r and \t become spaces
};

QString sanitized(const QString& text, Lines lines = Lines::Flatten);
// Rows (the first the header) as aligned columns two spaces apart, the last column unpadded. Cells are shown
// as given: sanitise what came from outside first.
QString table(const QList<QStringList>& rows);

} // namespace TerminalText

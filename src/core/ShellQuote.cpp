#include "ShellQuote.h"

#include <algorithm>

namespace ShellQuote {

QString quoted(const QString& argument)
{
    // Words of only these characters mean the same quoted or not (Python's shlex.quote keeps them bare).
    static const QString safe = QStringLiteral("@%+=:,./-_");
    const bool bare = !argument.isEmpty() && std::all_of(argument.begin(), argument.end(), [](QChar c) {
        return (c.unicode() < 128 && c.isLetterOrNumber()) || safe.contains(c);
    });
    if (bare)
        return argument;
    // Inside single quotes only ' itself is special; close, add an escaped quote, reopen.
    QString inner = argument;
    inner.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + inner + QLatin1Char('\'');
}

QString command(const QStringList& arguments)
{
    QStringList parts;
    parts.reserve(arguments.size());
    for (const QString& a : arguments)
        parts << quoted(a);
    return parts.join(QLatin1Char(' '));
}

} // namespace ShellQuote

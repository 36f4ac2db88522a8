#pragma once

#include <QString>
#include <QStringList>

// Commands for the user to paste into a POSIX shell (sh, bash, zsh). Every argument is single-quoted, so
// nothing in a token, URL or header -- quotes, $(), backticks, newlines -- is ever interpreted.
namespace ShellQuote {

QString quoted(const QString& argument);
QString command(const QStringList& arguments);

} // namespace ShellQuote

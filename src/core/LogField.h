#pragma once

#include <QByteArray>
#include <string_view>

// One field of a log line from outside (a request's path or method): printable ASCII stays, everything else
// -- spaces, newlines, escape sequences, bytes of other scripts, and the backslash itself -- becomes \xHH, so
// nobody can forge a second line or act on the terminal of the operator who reads it.
namespace LogField {

// At most `maxInputBytes` of `text` are written, then "..." says it was cut.
QByteArray escaped(std::string_view text, std::size_t maxInputBytes);

} // namespace LogField

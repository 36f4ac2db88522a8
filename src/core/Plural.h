#pragma once

#include <QCoreApplication>
#include <QString>

// English singular/plural without shipping an English .qm for Qt's %n forms. Each form is its own
// translatable string (languages with more forms get the "many" one; see docs for the trade-off).
inline QString plural(int n, const char* context, const char* one, const char* many)
{
    // %1 is the number; further placeholders (%2, %3...) are left for the caller's .arg().
    return QCoreApplication::translate(context, n == 1 ? one : many).arg(n);
}

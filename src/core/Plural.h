#pragma once

#include <QCoreApplication>
#include <QString>

// English singular/plural without shipping an English .qm for Qt's %n forms. Each form is its own
// translatable string (languages with more forms get the "many" one; see docs for the trade-off).
inline QString plural(int n, const char* context, const char* one, const char* many)
{
    return QCoreApplication::translate(context, n == 1 ? one : many).arg(n);
}

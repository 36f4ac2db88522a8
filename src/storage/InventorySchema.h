#pragma once

#include <QList>
#include <QStringList>

// The inventory's schema as an append-only list of migrations; the file's PRAGMA user_version says how
// many have been applied. Never edit a released step: add a new one.
class InventorySchema
{
public:
    static const QList<QStringList>& migrations();
    static int latestVersion() { return int(migrations().size()); }
};

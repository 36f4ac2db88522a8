#pragma once

#include "core/Expected.h"
#include "storage/InventoryQuery.h"

#include <QDateTime>
#include <QHash>

class InventoryStore;

// Writes what a view of the inventory shows (its search, filters and sort; every row) to a file as CSV, JSON
// or an .ics calendar of expiry dates -- never a secret. All or nothing: a full disk leaves no half file.
namespace ExportInventory {

enum class Format
{
    Csv,
    Json,
    Ics
};

// The file name's extension decides, else the format picked in the file dialog.
Format formatFor(const QString& path, Format picked);
struct Written
{
    int keys = 0;    // rows (CSV, JSON) or events (calendar) written
    int leftOut = 0; // calendar: keys that never expire, which have no date to put there
};
Expected<Written> write(InventoryStore& store, InventoryQuery query,
                        const QHash<qint64, QString>& connectionNames, Format format, const QString& path,
                        const QDateTime& now);

} // namespace ExportInventory

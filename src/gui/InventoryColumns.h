#pragma once

class QTableView;

// The inventory table's column widths before the user has set any: compact enough for most columns to be
// on screen at the default window size (long key ids are elided; the details pane shows them whole),
// derived from the font so they hold at any DPI.
namespace InventoryColumns {
void applyDefaultWidths(QTableView* table);
}

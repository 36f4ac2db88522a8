#pragma once

class InventoryTableModel;
class QTableView;

// The inventory table's column widths before the user has set any: compact enough for most columns to be
// on screen at the default window size (long key ids are elided; the details pane shows them whole),
// derived from the font so they hold at any DPI.
namespace InventoryColumns {
void applyDefaultWidths(QTableView* table);
// The table as the main window shows it: the model, default widths, fixed row heights, sorted by name.
void setUp(QTableView* table, InventoryTableModel* model);
} // namespace InventoryColumns

#pragma once

#include <QLabel>

// The status bar's "12,345 keys": follows the table model while it counts a large inventory in slices.
class InventoryCountLabel : public QLabel
{
    Q_OBJECT

public:
    explicit InventoryCountLabel(QWidget* parent = nullptr);

    void showCount(int rows, bool complete);
};

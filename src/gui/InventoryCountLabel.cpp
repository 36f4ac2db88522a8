#include "InventoryCountLabel.h"

#include <QLocale>

InventoryCountLabel::InventoryCountLabel(QWidget* parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
}

void InventoryCountLabel::showCount(int rows, bool complete)
{
    // Grouped digits ("1,000,000") read at a glance, so the number goes in already formatted.
    const QString number = QLocale().toString(rows);
    if (!complete)
        setText(tr("Counting keys\u2026 %1 so far").arg(number));
    else
        setText(rows == 1 ? tr("%1 key").arg(number) : tr("%1 keys").arg(number));
}

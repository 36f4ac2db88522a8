#include "InventoryColumns.h"

#include "InventoryTableModel.h"
#include "SecretPresenceMarks.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QHeaderView>
#include <QTableView>

void InventoryColumns::applyDefaultWidths(QTableView* table)
{
    const QFontMetrics text(table->font());
    QFont monoFont(QStringLiteral("monospace"));
    monoFont.setStyleHint(QFont::TypeWriter);
    const QFontMetrics mono(monoFont);
    const int padding = text.averageCharWidth() + 8;
    const auto fit = [&](const QFontMetrics& metrics, const QString& sample) {
        return metrics.horizontalAdvance(sample) + padding;
    };
    const int date = fit(text, QStringLiteral("2026-12-31"));
    const QList<std::pair<int, int>> widths = {
        {InventoryTableModel::Name, fit(text, QStringLiteral("Staging smoke tests"))},
        {InventoryTableModel::ConnectionName, fit(text, QStringLiteral("Connection"))},
        {InventoryTableModel::ProjectName, fit(text, QStringLiteral("Payments EU"))},
        {InventoryTableModel::CreatedBy, fit(text, QStringLiteral("alex@example"))},
        {InventoryTableModel::KeyId, fit(mono, QStringLiteral("kd_WQUHBZN\u2026"))},
        {InventoryTableModel::Last4, fit(mono, QStringLiteral("\u2022\u2022\u2022\u2022WWWW")) - padding / 2},
        // Room for the longest usual status with the mark of a secret kept elsewhere.
        {InventoryTableModel::Status,
         fit(text, keyStatusDisplayName(KeyStatus::Inactive) + QStringLiteral(" \u00B7 ") +
                       SecretPresenceMarks::missingShort())},
        {InventoryTableModel::Created, date},
        {InventoryTableModel::Expires, date},
        {InventoryTableModel::LastUsed,
         std::max(date, fit(text, QCoreApplication::translate("InventoryTableModel", "Never used")))},
    };
    for (const auto& [column, width] : widths)
        table->horizontalHeader()->resizeSection(column, width);
}

void InventoryColumns::setUp(QTableView* table, InventoryTableModel* model)
{
    table->setModel(model);
    table->horizontalHeader()->setStretchLastSection(true);
    applyDefaultWidths(table);
    table->verticalHeader()->hide();
    // Fixed row heights: the view then never measures rows, which is what keeps a million of them smooth.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->sortByColumn(InventoryTableModel::Name, Qt::AscendingOrder);
    // Name and Status first: what a narrow window must still show.
    QHeaderView* header = table->horizontalHeader();
    header->moveSection(header->visualIndex(InventoryTableModel::Status), 1);
}

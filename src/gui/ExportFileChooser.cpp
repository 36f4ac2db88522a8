#include "ExportFileChooser.h"

#include "FileDialog.h"

#include <QCoreApplication>
#include <QDate>

namespace ExportFileChooser {

std::optional<Choice> ask(QWidget* parent)
{
    using F = ExportInventory::Format;
    const QList<QPair<QString, F>> formats = {
        {QCoreApplication::translate("MainWindow", "CSV (*.csv)"), F::Csv},
        {QCoreApplication::translate("MainWindow", "JSON (*.json)"), F::Json},
        {QCoreApplication::translate("MainWindow", "Calendar of expiry dates (*.ics)"), F::Ics}};
    QStringList filters;
    for (const auto& f : formats)
        filters << f.first;
    QString picked = filters.first();
    const QString suggested =
        QStringLiteral("keydesk-inventory-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
    const QString path = FileDialog::getSaveFileName(
        parent, QCoreApplication::translate("MainWindow", "Export the inventory (never secrets)"), suggested,
        filters.join(QStringLiteral(";;")), &picked);
    if (path.isEmpty())
        return std::nullopt;
    return Choice{path, ExportInventory::formatFor(path, formats.value(int(filters.indexOf(picked))).second)};
}

} // namespace ExportFileChooser

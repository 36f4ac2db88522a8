#include "ExportFileChooser.h"

#include "UserQuestions.h"

#include <QCoreApplication>
#include <QDate>
#include <QDir>
#include <QFileInfo>
#include <algorithm>

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
    static const char* const extensions[] = {"csv", "json", "ics"};
    static QString lastFolder; // the folder of the last export, offered again while the app runs
    QString picked = filters.first();
    const QString suggested =
        QStringLiteral("keydesk-inventory-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate));
    QString path = UserQuestions::current().saveFileName(
        parent, QCoreApplication::translate("MainWindow", "Export the inventory (never secrets)"),
        lastFolder.isEmpty() ? suggested : QDir(lastFolder).filePath(suggested),
        filters.join(QStringLiteral(";;")), &picked);
    if (path.isEmpty())
        return std::nullopt;
    const int format = std::max(0, int(filters.indexOf(picked)));
    if (QFileInfo(path).suffix().isEmpty()) // "expiries" with Calendar picked: expiries.ics
        path += QLatin1Char('.') + QLatin1String(extensions[format]);
    lastFolder = QFileInfo(path).absolutePath();
    return Choice{path, ExportInventory::formatFor(path, formats.value(format).second)};
}

} // namespace ExportFileChooser

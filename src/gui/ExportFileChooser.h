#pragma once

#include "usecases/ExportInventory.h"

#include <QString>
#include <optional>

class QWidget;

// Asks where to export the inventory and in which format (CSV, JSON, or an .ics calendar of expiry dates).
namespace ExportFileChooser {

struct Choice
{
    QString path;
    ExportInventory::Format format;
};

std::optional<Choice> ask(QWidget* parent);

} // namespace ExportFileChooser

#pragma once

class QWidget;

// Every label under `root` that would guess its format (Qt::AutoText, the default) shows plain text: key
// names, descriptions, server messages and URLs reach labels, and "<img src=…>" or "<a href=…>" in any of
// them must stay characters, never markup. Labels that are rich text on purpose say so in their .ui file.
namespace PlainTextLabels {

void apply(QWidget* root);

} // namespace PlainTextLabels

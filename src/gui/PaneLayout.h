#pragma once

namespace Ui {
class MainWindow;
}

// How the main window's three panes share its width: the connections pane narrow and the table wide; the
// details pane beside the table while there is room for Name, Connection and Status, below it when not; a
// narrow window shrinks the side panes, never hides them.
namespace PaneLayout {
void apply(Ui::MainWindow& ui, int averageCharWidth);
} // namespace PaneLayout

#include "PaneLayout.h"

#include "DetailsPlacement.h"
#include "ui_MainWindow.h"

void PaneLayout::apply(Ui::MainWindow& ui, int averageCharWidth)
{
    ui.splitter->setStretchFactor(0, 0);
    ui.splitter->setStretchFactor(1, 1);
    ui.splitter->setSizes({160, 1120});
    DetailsPlacement::install(ui.contentSplitter, averageCharWidth * 64);
    for (int pane = 0; pane < ui.splitter->count(); ++pane)
        ui.splitter->setCollapsible(pane, false);
}

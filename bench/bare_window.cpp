// The start-up baseline: a bare Qt Widgets window (a QMainWindow with an empty table view), started and
// measured exactly like keydesk by bench/startup_time.py.
#include "gui/StartupProbe.h"

#include <QApplication>
#include <QMainWindow>
#include <QTableView>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.setCentralWidget(new QTableView(&window));
    window.resize(1100, 680);
    StartupProbe::install(&window);
    window.show();
    return app.exec();
}

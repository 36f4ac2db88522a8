#pragma once

#include <QObject>

class InventoryTableModel;
class QWidget;

// For the start-up benchmarks (bench/startup_time.py): reports when the watched window first painted —
// "first-paint-monotonic-ns <CLOCK_MONOTONIC ns>", the clock the benchmark reads before it starts the
// process, so the figure covers loading libraries, opening the inventory and the first rows — and the
// peak RSS ("peak-rss-kb <n>"), then quits. With a model, it first waits until every row is counted and
// the table was scrolled to the end, for the peak RSS with the whole inventory open.
class StartupProbe : public QObject
{
    Q_OBJECT

public:
    static void install(QWidget* window, InventoryTableModel* waitForAllRows = nullptr);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    StartupProbe(QWidget* window, InventoryTableModel* model);
    void finishWhenLoaded();
    static void printAndQuit(qint64 firstPaintNs);

    QWidget* m_window;
    InventoryTableModel* m_model;
    qint64 m_firstPaintNs = 0;
};

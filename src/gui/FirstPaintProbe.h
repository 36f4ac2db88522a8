#pragma once

#include <QObject>

// For the start-up benchmark (bench/startup_time.py): once the watched window has painted for the first
// time, prints "first-paint-monotonic-ns <CLOCK_MONOTONIC ns>" and the process's peak RSS to stdout and
// quits. The benchmark takes the same clock before it starts the process, so the figure covers
// everything: loading libraries, opening the inventory, the first screenful of rows.
class FirstPaintProbe : public QObject
{
    Q_OBJECT

public:
    // Watches `window`; the probe is owned by it.
    static void install(QWidget* window);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using QObject::QObject;
    bool m_seen = false;
};

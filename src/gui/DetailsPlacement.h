#pragma once

#include <QObject>

class QSplitter;

// The details pane sits beside the table while the window is wide enough for both, and below it when it is
// not: the table is the main content and keeps the width, so a 900 px window still shows its columns, the
// search box and the project picker in full.
class DetailsPlacement : public QObject
{
    Q_OBJECT

public:
    // `splitter` holds the table's pane first and the details pane second; the table wants `tableWidth`.
    static void install(QSplitter* splitter, int tableWidth);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    DetailsPlacement(QSplitter* splitter, int tableWidth);
    void place();

    QSplitter* m_splitter;
    int m_tableWidth;
    bool m_placed = false; // the first placement gives the sizes whatever the orientation
};

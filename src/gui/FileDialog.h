#pragma once

#include <QString>

class QWidget;

// File questions through one door, so tests can answer them (as KeePassXC's FileDialog).
class FileDialog
{
public:
    static QString getSaveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                                   const QString& filter, QString* selectedFilter = nullptr);
    static QString getOpenFileName(QWidget* parent, const QString& caption, const QString& filter);
    // The next getSaveFileName() or getOpenFileName() returns this without showing a dialog (tests only).
    static void setNextFileName(const QString& fileName, const QString& selectedFilter = {});
    // What the last getSaveFileName() suggested (tests only: that it remembers a folder).
    static QString lastSuggested() { return s_lastSuggested; }

private:
    static QString s_nextFileName;
    static QString s_nextFilter;
    static QString s_lastSuggested;
};

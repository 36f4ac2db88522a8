#include "FileDialog.h"

#include <QFileDialog>

QString FileDialog::s_nextFileName;
QString FileDialog::s_nextFilter;
QString FileDialog::s_lastSuggested;

QString FileDialog::getSaveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                                    const QString& filter, QString* selectedFilter)
{
    s_lastSuggested = suggested;
    if (!s_nextFileName.isEmpty()) {
        const QString answer = s_nextFileName;
        if (selectedFilter && !s_nextFilter.isEmpty())
            *selectedFilter = s_nextFilter;
        s_nextFileName.clear();
        s_nextFilter.clear();
        return answer;
    }
    return QFileDialog::getSaveFileName(parent, caption, suggested, filter, selectedFilter);
}

QString FileDialog::getOpenFileName(QWidget* parent, const QString& caption, const QString& filter)
{
    if (!s_nextFileName.isEmpty()) {
        const QString answer = s_nextFileName;
        s_nextFileName.clear();
        s_nextFilter.clear();
        return answer;
    }
    return QFileDialog::getOpenFileName(parent, caption, QString(), filter);
}

void FileDialog::setNextFileName(const QString& fileName, const QString& selectedFilter)
{
    s_nextFileName = fileName;
    s_nextFilter = selectedFilter;
}

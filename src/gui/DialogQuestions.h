#pragma once

#include "UserQuestions.h"

// The questions as the user sees them: message boxes, file dialogs and a line-edit prompt, every text in them
// shown as plain text (they name keys, descriptions, projects and connections, which are not markup).
class DialogQuestions : public UserQuestions
{
public:
    QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                         QMessageBox::StandardButtons buttons,
                                         QMessageBox::StandardButton defaultButton, const QString& yes,
                                         const QString& no) override;
    QString saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                         const QString& filter, QString* selectedFilter) override;
    QString openFileName(QWidget* parent, const QString& caption, const QString& filter) override;
    std::optional<QString> text(QWidget* parent, const QString& title, const QString& label,
                                const QString& initial) override;
};

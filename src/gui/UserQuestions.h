#pragma once

#include <QMessageBox>
#include <QString>
#include <optional>

class QWidget;

// Every question the app asks the user in a modal box (confirmations, file names, a line of text) goes
// through one interface, so what answers them can be swapped: the real dialogs (DialogQuestions) unless
// something else is installed. The tests install scripted answers (tests/support/ScriptedQuestions.h); the
// product holds no test answers of its own.
class UserQuestions
{
public:
    virtual ~UserQuestions() = default;

    // `yes` and `no` name the action on its buttons ("Delete Key", "Keep It"), as the desktop guidelines ask
    // instead of Yes and No; they stand for QMessageBox::Yes and QMessageBox::No (or Cancel).
    virtual QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                 QMessageBox::StandardButtons buttons,
                                                 QMessageBox::StandardButton defaultButton,
                                                 const QString& yes = {}, const QString& no = {}) = 0;
    // Empty when cancelled.
    virtual QString saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                                 const QString& filter, QString* selectedFilter = nullptr) = 0;
    virtual QString openFileName(QWidget* parent, const QString& caption, const QString& filter) = 0;
    // The text entered, or nullopt when cancelled.
    virtual std::optional<QString> text(QWidget* parent, const QString& title, const QString& label,
                                        const QString& initial = {}) = 0;

    // What answers now.
    static UserQuestions& current();
    // `questions` answers from now on (not owned; it must outlive its use); nullptr: the dialogs again.
    static void install(UserQuestions* questions);
};

#pragma once

#include <QMessageBox>
#include <functional>

// Confirmation boxes through one door, so tests can answer them (as KeePassXC's MessageBox::setNextAnswer).
class MessageBox
{
public:
    // `yes` and `no` name the action on its buttons ("Delete Key", "Keep It"), as the desktop guidelines ask
    // instead of Yes and No; they stand for QMessageBox::Yes and QMessageBox::No (or Cancel).
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton,
                                                const QString& yes = {}, const QString& no = {});
    // The next question() calls return these, in order, without showing anything (tests only).
    static void setNextAnswer(QMessageBox::StandardButton answer);
    static void setNextAnswers(const QList<QMessageBox::StandardButton>& answers);
    // Called with each question's text before it is answered (tests only: what the window shows then).
    static void setQuestionWatcher(std::function<void(const QString& text)> watcher);

private:
    static QList<QMessageBox::StandardButton> s_nextAnswers;
    static std::function<void(const QString& text)> s_watcher;
};

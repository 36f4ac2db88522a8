#include "MessageBox.h"

#include <QAbstractButton>

QList<QMessageBox::StandardButton> MessageBox::s_nextAnswers;
std::function<void(const QString& text)> MessageBox::s_watcher;

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title, const QString& text,
                                                 QMessageBox::StandardButtons buttons,
                                                 QMessageBox::StandardButton defaultButton,
                                                 const QString& yes, const QString& no)
{
    if (s_watcher)
        s_watcher(text);
    if (!s_nextAnswers.isEmpty())
        return s_nextAnswers.takeFirst();
    // Not QMessageBox::question(): it guesses rich text, and the text names keys and their descriptions.
    QMessageBox box(QMessageBox::Question, title, text, buttons, parent);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(defaultButton);
    if (QAbstractButton* button = box.button(QMessageBox::Yes); button && !yes.isEmpty())
        button->setText(yes);
    for (QMessageBox::StandardButton declined : {QMessageBox::No, QMessageBox::Cancel}) {
        if (QAbstractButton* button = box.button(declined); button && !no.isEmpty())
            button->setText(no);
    }
    return QMessageBox::StandardButton(box.exec());
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    s_nextAnswers = {answer};
}

void MessageBox::setNextAnswers(const QList<QMessageBox::StandardButton>& answers)
{
    s_nextAnswers = answers;
}

void MessageBox::setQuestionWatcher(std::function<void(const QString& text)> watcher)
{
    s_watcher = std::move(watcher);
}

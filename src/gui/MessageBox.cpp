#include "MessageBox.h"

QList<QMessageBox::StandardButton> MessageBox::s_nextAnswers;

QMessageBox::StandardButton MessageBox::question(QWidget* parent, const QString& title, const QString& text,
                                                 QMessageBox::StandardButtons buttons,
                                                 QMessageBox::StandardButton defaultButton)
{
    if (!s_nextAnswers.isEmpty())
        return s_nextAnswers.takeFirst();
    return QMessageBox::question(parent, title, text, buttons, defaultButton);
}

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    s_nextAnswers = {answer};
}

void MessageBox::setNextAnswers(const QList<QMessageBox::StandardButton>& answers)
{
    s_nextAnswers = answers;
}

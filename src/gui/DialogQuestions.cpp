#include "DialogQuestions.h"

#include <QAbstractButton>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>

namespace {

UserQuestions* s_installed = nullptr;

} // namespace

UserQuestions& UserQuestions::current()
{
    static DialogQuestions dialogs;
    return s_installed ? *s_installed : dialogs;
}

void UserQuestions::install(UserQuestions* questions)
{
    s_installed = questions;
}

QMessageBox::StandardButton DialogQuestions::question(QWidget* parent, const QString& title,
                                                      const QString& text,
                                                      QMessageBox::StandardButtons buttons,
                                                      QMessageBox::StandardButton defaultButton,
                                                      const QString& yes, const QString& no)
{
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

QString DialogQuestions::saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                                      const QString& filter, QString* selectedFilter)
{
    return QFileDialog::getSaveFileName(parent, caption, suggested, filter, selectedFilter);
}

QString DialogQuestions::openFileName(QWidget* parent, const QString& caption, const QString& filter)
{
    return QFileDialog::getOpenFileName(parent, caption, QString(), filter);
}

std::optional<QString> DialogQuestions::text(QWidget* parent, const QString& title, const QString& label,
                                             const QString& initial)
{
    // Not QInputDialog::getText(): its label guesses rich text, and the label names projects and connections.
    QInputDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setTextValue(initial);
    for (QLabel* shown : dialog.findChildren<QLabel*>())
        shown->setTextFormat(Qt::PlainText);
    return dialog.exec() == QDialog::Accepted ? std::optional<QString>(dialog.textValue()) : std::nullopt;
}

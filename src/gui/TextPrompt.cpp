#include "TextPrompt.h"

#include <QInputDialog>
#include <QLabel>

std::optional<QString> TextPrompt::s_nextAnswer;

std::optional<QString> TextPrompt::ask(QWidget* parent, const QString& title, const QString& label,
                                       const QString& initial)
{
    if (s_nextAnswer) {
        std::optional<QString> answer = std::move(s_nextAnswer);
        s_nextAnswer.reset();
        return answer;
    }
    // Not QInputDialog::getText(): its label guesses rich text, and the label names projects and connections.
    QInputDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setTextValue(initial);
    for (QLabel* shown : dialog.findChildren<QLabel*>())
        shown->setTextFormat(Qt::PlainText);
    return dialog.exec() == QDialog::Accepted ? std::optional<QString>(dialog.textValue()) : std::nullopt;
}

void TextPrompt::setNextAnswer(const QString& text)
{
    s_nextAnswer = text;
}

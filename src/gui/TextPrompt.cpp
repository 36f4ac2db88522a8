#include "TextPrompt.h"

#include <QInputDialog>

std::optional<QString> TextPrompt::s_nextAnswer;

std::optional<QString> TextPrompt::ask(QWidget* parent, const QString& title, const QString& label,
                                       const QString& initial)
{
    if (s_nextAnswer) {
        std::optional<QString> answer = std::move(s_nextAnswer);
        s_nextAnswer.reset();
        return answer;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(parent, title, label, QLineEdit::Normal, initial, &ok);
    return ok ? std::optional<QString>(text) : std::nullopt;
}

void TextPrompt::setNextAnswer(const QString& text)
{
    s_nextAnswer = text;
}

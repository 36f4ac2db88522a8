#pragma once

#include <QString>
#include <optional>

class QWidget;

// One-line questions ("Name of the new project") through one door, so tests can answer them.
class TextPrompt
{
public:
    // The text entered, or nullopt when cancelled.
    static std::optional<QString> ask(QWidget* parent, const QString& title, const QString& label,
                                      const QString& initial = {});
    // The next ask() returns this without showing anything (tests only).
    static void setNextAnswer(const QString& text);

private:
    static std::optional<QString> s_nextAnswer;
};

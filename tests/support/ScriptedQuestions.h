#pragma once

#include "gui/DialogQuestions.h"

#include <QList>
#include <functional>

// Answers the app's questions (UserQuestions) from a script, as a person at the keyboard would; with nothing
// scripted, the real dialog is shown (a test may then answer it on screen). `scriptedQuestions()` installs
// one for the whole test program on first use.
class ScriptedQuestions : public UserQuestions
{
public:
    // The next question() calls return these, in order, without showing anything.
    void setNextAnswer(QMessageBox::StandardButton answer) { m_answers = {answer}; }
    void setNextAnswers(const QList<QMessageBox::StandardButton>& answers) { m_answers = answers; }
    // Called with each question's text before it is answered (what the window shows then).
    void setQuestionWatcher(std::function<void(const QString& text)> watcher)
    {
        m_watcher = std::move(watcher);
    }
    // The next saveFileName() or openFileName() returns this without showing a dialog.
    void setNextFileName(const QString& fileName, const QString& selectedFilter = {})
    {
        m_fileName = fileName;
        m_filter = selectedFilter;
    }
    QString lastSuggested() const { return m_lastSuggested; } // what the last saveFileName() suggested
    void setNextText(const QString& text) { m_text = text; }  // the next text() returns this

    QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                         QMessageBox::StandardButtons buttons,
                                         QMessageBox::StandardButton defaultButton, const QString& yes,
                                         const QString& no) override
    {
        if (m_watcher)
            m_watcher(text);
        if (!m_answers.isEmpty())
            return m_answers.takeFirst();
        return m_dialogs.question(parent, title, text, buttons, defaultButton, yes, no);
    }
    QString saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                         const QString& filter, QString* selectedFilter) override
    {
        m_lastSuggested = suggested;
        if (m_fileName.isEmpty())
            return m_dialogs.saveFileName(parent, caption, suggested, filter, selectedFilter);
        if (selectedFilter && !m_filter.isEmpty())
            *selectedFilter = m_filter;
        return takeFileName();
    }
    QString openFileName(QWidget* parent, const QString& caption, const QString& filter) override
    {
        return m_fileName.isEmpty() ? m_dialogs.openFileName(parent, caption, filter) : takeFileName();
    }
    std::optional<QString> text(QWidget* parent, const QString& title, const QString& label,
                                const QString& initial) override
    {
        if (!m_text)
            return m_dialogs.text(parent, title, label, initial);
        return std::exchange(m_text, std::nullopt);
    }

private:
    QString takeFileName()
    {
        m_filter.clear();
        return std::exchange(m_fileName, QString());
    }

    DialogQuestions m_dialogs;
    QList<QMessageBox::StandardButton> m_answers;
    std::function<void(const QString& text)> m_watcher;
    QString m_fileName;
    QString m_filter;
    QString m_lastSuggested;
    std::optional<QString> m_text;
};

inline ScriptedQuestions& scriptedQuestions()
{
    static ScriptedQuestions questions;
    static const bool installed = (UserQuestions::install(&questions), true);
    (void)installed; // installed once, on first use
    return questions;
}

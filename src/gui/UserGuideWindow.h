#pragma once

#include <QDialog>
#include <QLocale>

class QTextBrowser;

// Help -> User Guide: docs/user-guide.md as installed next to the app (share/keydesk/help beside bin/, the
// same in the build tree), in the app's language where the guide has been translated, rendered from its
// Markdown with its screenshots. Modeless, so the guide stays open beside the window it explains.
class UserGuideWindow : public QDialog
{
    Q_OBJECT

public:
    explicit UserGuideWindow(const QString& helpDir, const QLocale& locale = QLocale(),
                             QWidget* parent = nullptr);

    // Where the guide is installed for this program: <program folder>/../share/keydesk/help.
    static QString installedHelpDir();
    // user-guide.<language>.md in `helpDir` for the first of the locale's UI languages that has one, else
    // user-guide.md; empty when neither exists.
    static QString guideFile(const QString& helpDir, const QLocale& locale);

    bool found() const { return m_found; }
    QTextBrowser* browser() const { return m_browser; }

private:
    void fitImages(int maxWidth);

    QTextBrowser* m_browser;
    bool m_found = false;
};

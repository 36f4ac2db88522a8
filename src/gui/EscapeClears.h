#pragma once

#include <QObject>

class QLineEdit;

// Escape in a search box clears it, as in every search box; with nothing to clear it goes on to the window.
// (A widget shortcut would not see the key when the window is not the active one.)
class EscapeClears : public QObject
{
    Q_OBJECT

public:
    static void install(QLineEdit* edit);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit EscapeClears(QLineEdit* edit);
    QLineEdit* m_edit;
};

#pragma once

#include <QObject>
#include <functional>

class QLineEdit;

// Keeps a revealed secret or token in a QLineEdit from leaving by the ways Qt offers on its own: Ctrl+C and
// Ctrl+X go through `copy` instead (the Clipboard service: password-manager hint, timed clear), and no text
// can be selected, so the X11 PRIMARY selection -- which nothing ever clears -- never receives it. No context
// menu, no drag.
class SecretFieldGuard : public QObject
{
    Q_OBJECT

public:
    static void install(QLineEdit* field, std::function<void()> copy);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    SecretFieldGuard(QLineEdit* field, std::function<void()> copy);

    QLineEdit* m_field;
    std::function<void()> m_copy;
};

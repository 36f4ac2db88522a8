#pragma once

#include <QObject>
#include <functional>

class QLineEdit;

// Keeps a revealed secret or token in a QLineEdit from leaving by the ways Qt offers on its own: Ctrl+C and
// Ctrl+X go through `copy` instead (the Clipboard service: password-manager hint, timed clear) or, without
// one, do nothing; and nothing revealed can be selected, so the X11 PRIMARY selection -- which nothing ever
// clears -- never receives it. No drag, and no context menu while the text shows. A masked field needs no
// guard of ours: Qt copies nothing from a password field.
class SecretFieldGuard : public QObject
{
    Q_OBJECT

public:
    static void install(QLineEdit* field, std::function<void()> copy = {});
    // Shows or masks the field's text; anything selected is let go first, so revealing publishes nothing.
    static void reveal(QLineEdit* field, bool shown);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    SecretFieldGuard(QLineEdit* field, std::function<void()> copy);
    bool revealed() const;

    QLineEdit* m_field;
    std::function<void()> m_copy;
};

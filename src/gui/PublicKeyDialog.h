#pragma once

#include "net/ClientAssertion.h"

#include <QDialog>

class Clipboard;
class QComboBox;
class QLabel;
class QPlainTextEdit;

// The public half of a private_key_jwt credential's key pair, for the vendor's console: as a JWKS, one JWK or
// PEM, to copy or save. The private half stays in the OS keychain; this dialog never holds it.
class PublicKeyDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Format
    {
        Jwks,
        Jwk,
        Pem
    };

    PublicKeyDialog(const ClientAssertion::PublicKey& key, const QString& clientId, Clipboard& clipboard,
                    QWidget* parent = nullptr);

    QString shownText() const;
    void setFormat(Format format);
    void copy();
    void saveAs();

private:
    void showFormat();
    void say(const QString& message, bool problem = false);

    ClientAssertion::PublicKey m_key;
    QString m_clientId;
    Clipboard& m_clipboard;
    QComboBox* m_format;
    QPlainTextEdit* m_text;
    QLabel* m_feedback;
};

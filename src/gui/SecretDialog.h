#pragma once

#include "SecretHolder.h"
#include "core/SecretBytes.h"

#include <QDialog>
#include <memory>

namespace Ui {
class SecretDialog;
}
class Clipboard;
class CopyFeedback;
class SecretStore;
class QPushButton;

// The copy-once dialog: key id and secret (masked, with a reveal toggle), copy buttons, a warning that the
// secret will never be shown again, "I have stored this secret" required before closing, and "keep in the
// OS keychain" (default on). If storing fails the dialog stays open so the secret is not lost. The secret is
// wiped from memory when the dialog closes.
class SecretDialog : public QDialog, public SecretHolder
{
    Q_OBJECT

public:
    // `store` may be null when no keychain is reachable: the keychain option is then off and explained.
    SecretDialog(QString keyId, SecretBytes secret, QString keychainAccount, SecretStore* store,
                 Clipboard& clipboard, QWidget* parent = nullptr);
    ~SecretDialog() override;

    QPushButton* closeButton() const;
    bool storedInKeychain() const { return m_storedInKeychain; }

public slots:
    void done(int result) override;

    // The project the key belongs to, shown (and copyable) above the key id, as vendors show an
    // organisation id next to the access key id; hidden until set.
    void showProject(const QString& projectId, const QString& projectName);
    // Which key this secret is for, and during a rotation which key it replaces.
    void nameKey(const QString& name, const QString& replacesName = QString());
    // The connection the key belongs to: with the key's name, the keychain entry's label.
    void setConnectionName(const QString& connectionName) { m_connectionName = connectionName; }
    void lockSecrets() override; // masked, and kept: it cannot be shown again later

private:
    void copySecret();
    void tryClose();
    void updateCloseButton();
    void showError(const QString& message);
    void wipe();

    std::unique_ptr<Ui::SecretDialog> m_ui;
    SecretBytes m_secret;
    QString m_account;
    QString m_keyName;
    QString m_connectionName;
    SecretStore* m_store;
    Clipboard& m_clipboard;
    CopyFeedback* m_feedback;
    bool m_saving = false;
    bool m_storedInKeychain = false;
    bool m_closing = false;
};

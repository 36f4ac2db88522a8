#pragma once

#include "core/SecretStore.h"

#include <QObject>

namespace QKeychain {
class Job;
}
class SecretServiceKeychain;
class SecretServiceSearch;

// SecretStore on the OS keychain: the freedesktop Secret Service through SecretServiceKeychain (which checks
// every result, unlocks with the user's consent and keeps a deadline), KWallet on a KDE desktop through
// QtKeychain. Never falls back to a plaintext file: when no keychain is reachable every call fails with
// KeychainUnavailable.
class KeychainSecretStore final : public QObject, public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(QString serviceName = QStringLiteral("keydesk"), QObject* parent = nullptr);

    void writeSecret(const QString& account, const QString& label, const SecretBytes& secret,
                     Done done) override;
    void readSecret(const QString& account, ReadDone done) override;
    void deleteSecret(const QString& account, Done done) override;
    // By the Secret Service's attribute search (SecretServiceSearch): no secret read, no prompt. Unknown
    // where QtKeychain may be using KWallet instead.
    void probeSecret(const QString& account, PresenceDone done) override;
    QString deletionNote() const override;
    static bool mayUseKWallet();
    // Whether a keychain can be reached at all, without reading a secret or opening a dialog (a locked
    // KeePassXC is reachable). For start-up: the app says up front when secrets cannot be kept.
    void checkReachable(Done done);
    // Gives the entry its readable label when it has another (entries written before labels existed).
    void relabelSecret(const QString& account, const QString& label, Done done) override;

    // Every job ends within this (SecretServiceKeychain::DefaultDeadlineMs unless set).
    void setDeadlineMs(int deadlineMs);
    // Said when the keychain shows a dialog a job waits on, for the status bar or stderr.
    void setPromptNotice(std::function<void(const QString&)> notice);
    // The program providing the keychain ("KeePassXC", "GNOME Keyring") once a job has spoken to it.
    QString provider() const;
    // Whether secrets last crossed the session bus encrypted (the Secret Service's DH session).
    bool encryptedTransfer() const;

    // Maps a finished job's error to KeyDesk's Error; public so the mapping can be tested on its own.
    static Error errorFor(int keychainError, const QString& errorString, const QString& account);

private:
    void prepare(QKeychain::Job* job, const QString& account);

    QString m_serviceName;
    SecretServiceSearch* m_search;
    SecretServiceKeychain* m_secretService; // null on KDE, where QtKeychain uses KWallet
    int m_deadlineMs;
};

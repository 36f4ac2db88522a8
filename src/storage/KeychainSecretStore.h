#pragma once

#include "SecretStore.h"

#include <QObject>

namespace QKeychain {
class Job;
}
class SecretServiceSearch;

// SecretStore on the OS keychain through QtKeychain (Secret Service on Linux). Never falls back to a
// plaintext file: when no keychain is reachable every call fails with KeychainUnavailable.
class KeychainSecretStore final : public QObject, public SecretStore
{
    Q_OBJECT

public:
    explicit KeychainSecretStore(QString serviceName = QStringLiteral("keydesk"), QObject* parent = nullptr);

    void writeSecret(const QString& account, const SecretBytes& secret, Done done) override;
    void readSecret(const QString& account, ReadDone done) override;
    void deleteSecret(const QString& account, Done done) override;
    // By the Secret Service's attribute search (SecretServiceSearch): no secret read, no prompt. Unknown
    // where QtKeychain may be using KWallet instead.
    void probeSecret(const QString& account, PresenceDone done) override;
    static bool mayUseKWallet();

    // Maps a finished job's error to KeyDesk's Error; public so the mapping can be tested on its own.
    static Error errorFor(int keychainError, const QString& errorString, const QString& account);

private:
    void prepare(QKeychain::Job* job, const QString& account);

    QString m_serviceName;
    SecretServiceSearch* m_search;
};

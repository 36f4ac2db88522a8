#pragma once

#include "storage/SecretStore.h"

#include <QHash>
#include <QTimer>

// An in-memory SecretStore for tests of other parts (never used by the app): answers asynchronously, as the
// OS keychain does.
class MemorySecretStore : public SecretStore
{
public:
    void writeSecret(const QString& account, const SecretBytes& secret, Done done) override
    {
        m_secrets.insert(account, secret);
        QTimer::singleShot(0, [done] { done({}); });
    }
    void readSecret(const QString& account, ReadDone done) override
    {
        const bool found = m_secrets.contains(account);
        const SecretBytes secret = m_secrets.value(account);
        QTimer::singleShot(0, [done, found, secret, account] {
            if (found)
                done(secret);
            else
                done(Error(Error::Kind::SecretNotFound, QStringLiteral("no secret for %1").arg(account)));
        });
    }
    void deleteSecret(const QString& account, Done done) override
    {
        m_secrets.remove(account);
        QTimer::singleShot(0, [done] { done({}); });
    }

private:
    QHash<QString, SecretBytes> m_secrets;
};

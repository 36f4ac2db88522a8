#pragma once

#include "core/SecretStore.h"

#include <QHash>
#include <QTimer>

// An in-memory SecretStore for tests of other parts (never used by the app): answers asynchronously, as the
// OS keychain does.
class MemorySecretStore : public SecretStore
{
public:
    void writeSecret(const QString& account, const QString& label, const SecretBytes& secret,
                     Done done) override
    {
        m_secrets.insert(account, secret);
        m_labels.insert(account, label);
        QTimer::singleShot(0, [done] { done({}); });
    }
    QString labelOf(const QString& account) const { return m_labels.value(account); }
    void relabelSecret(const QString& account, const QString& label, Done done) override
    {
        if (m_secrets.contains(account))
            m_labels.insert(account, label);
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
        m_labels.remove(account);
        QTimer::singleShot(0, [done] { done({}); });
    }

    // An index it can read without the secret, like the Secret Service's.
    void probeSecret(const QString& account, PresenceDone done) override
    {
        const Presence presence = m_secrets.contains(account) ? Presence::Present : Presence::Missing;
        QTimer::singleShot(0, [done, presence] { done(presence); });
    }

private:
    QHash<QString, SecretBytes> m_secrets;
    QHash<QString, QString> m_labels;
};

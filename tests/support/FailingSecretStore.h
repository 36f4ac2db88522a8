#pragma once

#include "core/SecretStore.h"

#include <QTimer>

// A test double for the "keychain refused" path: every call fails, asynchronously, as the real one does.
class FailingSecretStore : public SecretStore
{
public:
    void writeSecret(const QString&, const QString&, const SecretBytes&, Done done) override
    {
        later([done] { done(error()); });
    }
    void readSecret(const QString&, ReadDone done) override
    {
        later([done] { done(error()); });
    }
    void deleteSecret(const QString&, Done done) override
    {
        later([done] { done(error()); });
    }

private:
    static Error error()
    {
        return {Error::Kind::KeychainLocked, QStringLiteral("The OS keychain is locked.")};
    }
    static void later(std::function<void()> f) { QTimer::singleShot(10, std::move(f)); }
};

#pragma once

#include "core/Expected.h"
#include "core/SecretBytes.h"

#include <QString>
#include <functional>

// Where secrets live: one entry per credential, addressed by an account name. Asynchronous because the OS
// keychain answers over D-Bus and may ask the user first. `done` is called exactly once, on the caller's
// thread, with the secret or an Error that says in plain words why not.
class SecretStore
{
public:
    using Done = std::function<void(Expected<void>)>;
    using ReadDone = std::function<void(Expected<SecretBytes>)>;

    virtual ~SecretStore() = default;

    virtual void writeSecret(const QString& account, const SecretBytes& secret, Done done) = 0;
    virtual void readSecret(const QString& account, ReadDone done) = 0;
    virtual void deleteSecret(const QString& account, Done done) = 0;
};

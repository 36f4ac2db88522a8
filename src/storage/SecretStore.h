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
    enum class Presence
    {
        Present,
        Missing,
        Unknown
    };
    using PresenceDone = std::function<void(Presence)>;

    virtual ~SecretStore() = default;

    virtual void writeSecret(const QString& account, const SecretBytes& secret, Done done) = 0;
    virtual void readSecret(const QString& account, ReadDone done) = 0;
    virtual void deleteSecret(const QString& account, Done done) = 0;

    // Whether this computer holds the entry, for marks like "secret not on this computer". Unknown when the
    // store cannot say (locked, refused, unreachable): never reported as Missing. By default the secret is
    // read and wiped at once; a store that can answer without reading it should.
    virtual void probeSecret(const QString& account, PresenceDone done)
    {
        readSecret(account, [done = std::move(done)](Expected<SecretBytes> secret) {
            if (secret)
                return done(Presence::Present);
            done(secret.error().kind() == Error::Kind::SecretNotFound ? Presence::Missing
                                                                      : Presence::Unknown);
        });
    }
};

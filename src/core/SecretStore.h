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

    // `label` is what people see in the keychain's own window (KeychainNames::label); the account finds it.
    virtual void writeSecret(const QString& account, const QString& label, const SecretBytes& secret,
                             Done done) = 0;
    virtual void readSecret(const QString& account, ReadDone done) = 0;
    virtual void deleteSecret(const QString& account, Done done) = 0;

    // Gives an existing entry the label people see, without unlocking anything; no entry, nothing to do.
    virtual void relabelSecret(const QString& account, const QString& label, Done done)
    {
        (void)account;
        (void)label;
        done({});
    }

    // What the user should know after a deletion this store confirmed, or empty: KeePassXC, say, keeps
    // deleted entries in its Recycle Bin until it is emptied.
    virtual QString deletionNote() const { return {}; }

    // Whether this computer holds the entry, for marks like "secret not on this computer", asked without
    // reading the secret, unlocking the store or prompting. Missing only when the store is sure; a store
    // that cannot tell without reading says Unknown (the default).
    virtual void probeSecret(const QString& account, PresenceDone done)
    {
        (void)account;
        done(Presence::Unknown);
    }
};

#pragma once

#include "SecretServiceRun.h"

#include <QObject>
#include <functional>

// The first steps of every keychain job: open a session with the Secret Service (encrypted, see
// SecretServiceSession), find its default collection (making one when asked to, as libsecret does) and, when
// it is locked, ask the user to unlock it -- or end the job when the user refuses or the job may not ask.
class SecretServiceCollection : public QObject
{
    Q_OBJECT

public:
    using RunPtr = std::shared_ptr<SecretServiceRun>;
    using Next = std::function<void()>;

    static void open(const RunPtr& run, bool create, Next next);

private:
    static void find(const RunPtr& run, bool create, Next next);
    static void unlock(const RunPtr& run, Next next);
};

#pragma once

#include <QObject>
#include <functional>

// Asks the Secret Service (org.freedesktop.secrets) whether it holds QtKeychain's entry for a service and
// account, by attributes only: SearchItems lists items of locked collections too, so the answer never
// unlocks anything, never opens a prompt and never reads a secret. "Not there" is said only when the
// default collection (where QtKeychain writes) is unlocked: a locked store may hide what it holds
// (KeePassXC does). No service is started to answer.
class SecretServiceSearch : public QObject
{
    Q_OBJECT

public:
    enum class Answer
    {
        Found,
        NotFound,
        Unsure
    };
    using Done = std::function<void(Answer)>;

    explicit SecretServiceSearch(QObject* parent = nullptr);
    // `done` is called once, on this thread, within twice `timeoutMs`: Unsure when no Secret Service
    // replied or the default collection is locked.
    void find(const QString& service, const QString& account, Done done, int timeoutMs = 2000);

private:
    void askDefaultCollectionUnlocked(Done done, int timeoutMs);
};

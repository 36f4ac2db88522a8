#pragma once

#include <QObject>
#include <functional>

// Asks the Secret Service (org.freedesktop.secrets) whether it holds QtKeychain's entry for a service and
// account, by attributes only, and only while the default collection (where entries are written) is
// unlocked: a locked store may hide what it holds, and KeePassXC answers a search of a locked database with
// its unlock dialog. So the answer never unlocks anything, never opens a prompt and never reads a secret.
// No service is started to answer.
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
    // Whether a Secret Service runs or can be started on the session bus, asking neither it nor the user.
    void reachable(std::function<void(bool)> done, int timeoutMs = 2000);

private:
    void search(const QString& service, const QString& account, Done done, int timeoutMs);
    void askDefaultCollectionUnlocked(std::function<void(bool)> done, int timeoutMs);
};

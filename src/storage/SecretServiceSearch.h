#pragma once

#include <QObject>
#include <functional>

// Asks the Secret Service (org.freedesktop.secrets) whether it holds QtKeychain's entry for a service and
// account, by attributes only: SearchItems lists items of locked collections too, so the answer never
// unlocks anything, never opens a prompt and never reads a secret.
class SecretServiceSearch : public QObject
{
    Q_OBJECT

public:
    enum class Answer
    {
        Found,
        NotFound,
        NoAnswer
    };
    using Done = std::function<void(Answer)>;

    explicit SecretServiceSearch(QObject* parent = nullptr);
    // `done` is called once, on this thread, within `timeoutMs`: NoAnswer when no Secret Service replied.
    void find(const QString& service, const QString& account, Done done, int timeoutMs = 2000);
};

#pragma once

#include "core/Error.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QElapsedTimer>
#include <QObject>
#include <functional>

class QDBusVariant;

// One keychain operation's conversation with the Secret Service (org.freedesktop.secrets): calls and
// prompts in sequence under one deadline. It ends exactly once -- by the operation (end()), or here on a
// D-Bus error, a dismissed prompt, the deadline or the service quitting -- and then deletes itself; an
// answer that comes after the end is dropped. A prompt still open at the deadline is dismissed, so no
// dialog is left waiting for a job that has gone.
class SecretServiceJob : public QObject
{
    Q_OBJECT

public:
    using Fail = std::function<void(Error)>;
    using Reply = std::function<void(const QDBusMessage& reply)>;
    using Prompted = std::function<void(const QVariant& result)>;
    using Notice = std::function<void(const QString& provider)>;

    static const QString Service; // org.freedesktop.secrets
    static constexpr int NoticeAfterMs = 400;

    // `fail` is told why the job ended early; `late` is the error for the deadline passing.
    SecretServiceJob(int deadlineMs, Error late, Fail fail, QObject* parent = nullptr);

    static QDBusMessage method(const QString& path, const QString& interface, const QString& name,
                               const QVariantList& arguments = {});
    // Calls and passes the reply on; an error reply ends the job with that error.
    void call(QDBusMessage message, Reply then);
    // As call(), but an error reply goes to `otherwise` instead of ending the job.
    void call(QDBusMessage message, Reply then, Reply otherwise);
    // Runs the prompt at `path` ("/": none needed, `then` gets an invalid result); a dismissed prompt ends
    // the job with `ifDismissed`. `noticePrompt` is told when it is still open after NoticeAfterMs: the user
    // has a dialog to answer.
    void prompt(const QDBusObjectPath& path, Error ifDismissed, Prompted then);
    void end();
    void fail(Error error);
    void failWith(const QDBusMessage& errorReply) { fail(errorFor(errorReply)); }
    bool ended() const { return m_ended; }

    // Who provides the Secret Service, for messages ("KeePassXC", "GNOME Keyring"); empty when unknown.
    // Known once identify() has answered.
    void identify(std::function<void()> then);
    const QString& provider() const { return m_provider; }
    // The provider for messages, or the service's name when it is not known.
    QString keychainName() const { return m_provider.isEmpty() ? Service : m_provider; }
    Notice noticePrompt;

private slots:
    void promptCompleted(bool dismissed, const QDBusVariant& result);
    void serviceQuit();

private:
    int remainingMs() const;
    void dismissOpenPrompt();
    Error errorFor(const QDBusMessage& reply) const;

    QDBusConnection m_bus;
    QElapsedTimer m_started;
    int m_deadlineMs;
    Error m_late;
    Fail m_fail;
    bool m_ended = false;
    QString m_provider;
    QDBusObjectPath m_openPrompt;
    Error m_ifDismissed{Error::Kind::KeychainDenied, {}};
    Prompted m_prompted;
};

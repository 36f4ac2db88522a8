#include "SecretServiceJob.h"

#include <QDBusPendingCallWatcher>
#include <QDBusServiceWatcher>
#include <QDBusVariant>
#include <QFile>
#include <QTimer>

const QString SecretServiceJob::Service = QStringLiteral("org.freedesktop.secrets");

namespace {

const QString PromptInterface = QStringLiteral("org.freedesktop.Secret.Prompt");

// /proc/<pid>/comm of the Secret Service's owner, as people know the program.
QString providerFor(const QByteArray& command)
{
    if (command.startsWith("keepassxc"))
        return QStringLiteral("KeePassXC");
    if (command.startsWith("gnome-keyring"))
        return QStringLiteral("GNOME Keyring");
    if (command.startsWith("kwalletd") || command.startsWith("ksecretd"))
        return QStringLiteral("KWallet");
    // Any other program may own the name: keep only letters, digits and . _ - of what it calls itself.
    QString name;
    for (const char c : command.left(32)) {
        if (QChar::isLetterOrNumber(uchar(c)) || c == '.' || c == '_' || c == '-')
            name += QLatin1Char(c);
    }
    return name;
}

} // namespace

SecretServiceJob::SecretServiceJob(int deadlineMs, Error late, Fail fail, QObject* parent)
    : QObject(parent), m_bus(QDBusConnection::sessionBus()), m_deadlineMs(deadlineMs),
      m_late(std::move(late)), m_fail(std::move(fail))
{
    m_started.start();
    QTimer::singleShot(deadlineMs, Qt::PreciseTimer, this, [this] {
        dismissOpenPrompt();
        this->fail(m_late);
    });
    auto* watcher =
        new QDBusServiceWatcher(Service, m_bus, QDBusServiceWatcher::WatchForUnregistration, this);
    connect(watcher, &QDBusServiceWatcher::serviceUnregistered, this, &SecretServiceJob::serviceQuit);
}

QDBusMessage SecretServiceJob::method(const QString& path, const QString& interface, const QString& name,
                                      const QVariantList& arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(Service, path, interface, name);
    message.setArguments(arguments);
    return message;
}

int SecretServiceJob::remainingMs() const
{
    return std::max(1, m_deadlineMs - int(m_started.elapsed()));
}

void SecretServiceJob::call(QDBusMessage message, Reply then)
{
    call(std::move(message), std::move(then), [this](const QDBusMessage& reply) { fail(errorFor(reply)); });
}

void SecretServiceJob::call(QDBusMessage message, Reply then, Reply otherwise)
{
    if (m_ended)
        return;
    if (!m_bus.isConnected()) { // no session bus at all: a call would never be answered
        QTimer::singleShot(0, this, [this] {
            fail(
                {Error::Kind::KeychainUnavailable,
                 tr("The OS keychain cannot be reached: there is no D-Bus session bus. KeyDesk keeps working "
                    "with key details only; secrets cannot be stored or read.")});
        });
        return;
    }
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(message, remainingMs()), this);
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this,
        [this, then = std::move(then), otherwise = std::move(otherwise)](QDBusPendingCallWatcher* finished) {
            finished->deleteLater();
            if (m_ended)
                return;
            const QDBusMessage reply = finished->reply();
            if (reply.type() == QDBusMessage::ErrorMessage)
                return otherwise(reply);
            then(reply);
        });
}

void SecretServiceJob::prompt(const QDBusObjectPath& path, Error ifDismissed, Prompted then)
{
    if (m_ended)
        return;
    if (path.path() == QLatin1String("/"))
        return then({});
    m_openPrompt = path;
    m_ifDismissed = std::move(ifDismissed);
    m_prompted = std::move(then);
    m_bus.connect(Service, path.path(), PromptInterface, QStringLiteral("Completed"), this,
                  SLOT(promptCompleted(bool, QDBusVariant)));
    // KeePassXC answers even a plain write through a prompt it completes at once: only a prompt still open
    // a moment later is a dialog the user has to answer.
    QTimer::singleShot(NoticeAfterMs, this, [this, path] {
        if (!m_ended && m_openPrompt == path && noticePrompt)
            noticePrompt(m_provider);
    });
    // No parent window to name: the provider shows its dialog on its own.
    call(method(path.path(), PromptInterface, QStringLiteral("Prompt"), {QString()}),
         [](const QDBusMessage&) {});
}

void SecretServiceJob::promptCompleted(bool dismissed, const QDBusVariant& result)
{
    if (m_ended || m_openPrompt.path().isEmpty())
        return;
    m_bus.disconnect(Service, m_openPrompt.path(), PromptInterface, QStringLiteral("Completed"), this,
                     SLOT(promptCompleted(bool, QDBusVariant)));
    m_openPrompt = {};
    if (dismissed)
        return fail(m_ifDismissed);
    Prompted then = std::move(m_prompted);
    then(result.variant());
}

void SecretServiceJob::dismissOpenPrompt()
{
    if (m_ended || m_openPrompt.path().isEmpty())
        return;
    m_bus.send(method(m_openPrompt.path(), PromptInterface, QStringLiteral("Dismiss")));
}

void SecretServiceJob::serviceQuit()
{
    fail({Error::Kind::KeychainUnavailable,
          tr("The OS keychain (%1) quit before it answered. Start it again and retry.").arg(keychainName())});
}

void SecretServiceJob::identify(std::function<void()> then)
{
    QDBusMessage ask = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("GetConnectionUnixProcessID"));
    ask << Service;
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(ask, remainingMs()), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, then = std::move(then)](QDBusPendingCallWatcher* finished) {
                finished->deleteLater();
                if (m_ended)
                    return;
                const QDBusMessage reply = finished->reply();
                if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()) {
                    QFile comm(QStringLiteral("/proc/%1/comm").arg(reply.arguments().constFirst().toUInt()));
                    if (comm.open(QIODevice::ReadOnly))
                        m_provider = providerFor(comm.read(64).trimmed());
                }
                then(); // a provider we cannot name is still asked
            });
}

void SecretServiceJob::end()
{
    if (m_ended)
        return;
    m_ended = true;
    deleteLater();
}

void SecretServiceJob::fail(Error error)
{
    if (m_ended)
        return;
    m_ended = true;
    deleteLater();
    m_fail(std::move(error));
}

Error SecretServiceJob::errorFor(const QDBusMessage& reply) const
{
    using K = Error::Kind;
    const QString name = reply.errorName();
    const QString detail = name + QStringLiteral(": ") + reply.errorMessage();
    const QString keychain = keychainName();
    if (name == QLatin1String("org.freedesktop.Secret.Error.IsLocked")) {
        return {K::KeychainLocked, tr("The OS keychain (%1) is locked. Unlock it and retry.").arg(keychain),
                detail};
    }
    if (name == QLatin1String("org.freedesktop.DBus.Error.NoReply") ||
        name == QLatin1String("org.freedesktop.DBus.Error.Timeout") ||
        name == QLatin1String("org.freedesktop.DBus.Error.TimedOut")) {
        return {m_late.kind(), m_late.message(), detail};
    }
    if (name == QLatin1String("org.freedesktop.DBus.Error.AccessDenied") ||
        name == QLatin1String("org.freedesktop.DBus.Error.AuthFailed")) {
        return {K::KeychainDenied, tr("The OS keychain (%1) refused access to the secret.").arg(keychain),
                detail};
    }
    if (name.startsWith(QLatin1String("org.freedesktop.DBus.Error.")) &&
        (name.endsWith(QLatin1String("ServiceUnknown")) || name.endsWith(QLatin1String("NameHasNoOwner")) ||
         name.contains(QLatin1String("Spawn")) || name.endsWith(QLatin1String("Disconnected")) ||
         name.endsWith(QLatin1String("NoServer")))) {
        return {K::KeychainUnavailable,
                tr("The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps "
                   "working with key details only; secrets cannot be stored or read."),
                detail};
    }
    return {K::KeychainUnavailable, tr("The OS keychain (%1) reported an error.").arg(keychain), detail};
}

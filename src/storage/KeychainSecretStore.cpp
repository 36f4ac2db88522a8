#include "KeychainSecretStore.h"

#include "SecretServiceKeychain.h"
#include "SecretServiceSearch.h"
#include "core/KeychainNames.h"

#include <QCoreApplication>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace {

bool mentions(const QString& text, const char* fragment)
{
    return text.contains(QLatin1String(fragment), Qt::CaseInsensitive);
}

// A credential whose connection uid is unknown has no entry name (KeychainNames): nothing may be written,
// read or deleted under a made-up one. Said asynchronously, like every other answer.
template <typename Done> bool refuseUnnamed(const QString& account, Done& done)
{
    if (!account.isEmpty())
        return false;
    QTimer::singleShot(0, [done = std::move(done)] {
        done(Error(Error::Kind::Internal,
                   QCoreApplication::translate("KeychainSecretStore",
                                               "KeyDesk does not know which keychain entry belongs to this "
                                               "credential; nothing was changed.")));
    });
    return true;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString serviceName, QObject* parent)
    : QObject(parent), m_serviceName(std::move(serviceName)), m_search(new SecretServiceSearch(this)),
      m_secretService(mayUseKWallet() ? nullptr : new SecretServiceKeychain(m_serviceName, this)),
      m_deadlineMs(SecretServiceKeychain::DefaultDeadlineMs)
{}

void KeychainSecretStore::setDeadlineMs(int deadlineMs)
{
    m_deadlineMs = deadlineMs;
    if (m_secretService)
        m_secretService->setDeadlineMs(deadlineMs);
}

void KeychainSecretStore::setPromptNotice(std::function<void(const QString&)> notice)
{
    if (m_secretService)
        m_secretService->noticePrompt = std::move(notice);
}

bool KeychainSecretStore::encryptedTransfer() const
{
    return m_secretService && m_secretService->encrypted();
}

QString KeychainSecretStore::provider() const
{
    return m_secretService ? m_secretService->provider() : QStringLiteral("KWallet");
}

void KeychainSecretStore::checkReachable(Done done)
{
    if (!m_secretService) { // KWallet, through QtKeychain: reading an entry nobody has tells
        readSecret(QStringLiteral("keydesk-probe"), [done = std::move(done)](Expected<SecretBytes> read) {
            if (!read && read.error().kind() != Error::Kind::SecretNotFound)
                return done(read.error());
            done({});
        });
        return;
    }
    m_search->reachable([done = std::move(done)](bool reachable) {
        if (reachable)
            return done({});
        done(Error(
            Error::Kind::KeychainUnavailable,
            tr("The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps "
               "working with key details only; secrets cannot be stored or read.")));
    });
}

void KeychainSecretStore::relabelSecret(const QString& account, const QString& label, Done done)
{
    if (refuseUnnamed(account, done))
        return;
    if (!m_secretService) { // KWallet shows the account name; nothing to relabel
        QTimer::singleShot(0, this, [done = std::move(done)] { done({}); });
        return;
    }
    m_secretService->relabel(account, label, std::move(done));
}

void KeychainSecretStore::prepare(QKeychain::Job* job, const QString& account)
{
    // Jobs are not our children: a job destroyed while libsecret's D-Bus call is in flight is called back
    // after it is freed (seen as a crash in Job::emitFinished when a store was deleted mid-delete). A job
    // deletes itself when done; if this store is gone by then, so is the connection made with `this` as
    // context, and nobody is called back.
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // a plaintext "keychain" is worse than none
    job->setKey(account);
}

void KeychainSecretStore::writeSecret(const QString& account, const QString& label, const SecretBytes& secret,
                                      Done done)
{
    if (refuseUnnamed(account, done))
        return;
    if (m_secretService)
        return m_secretService->write(account, label.isEmpty() ? KeychainNames::label(account, {}) : label,
                                      secret, std::move(done));
    auto* job = new QKeychain::WritePasswordJob(m_serviceName);
    prepare(job, account);
    QByteArray bytes = secret.toByteArray();
    job->setBinaryData(bytes);
    SecretBytes::wipe(bytes);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done), account](QKeychain::Job* finished) {
                if (finished->error() != QKeychain::NoError) {
                    done(errorFor(finished->error(), finished->errorString(), account));
                    return;
                }
                done({});
            });
    job->start();
}

void KeychainSecretStore::readSecret(const QString& account, ReadDone done)
{
    if (refuseUnnamed(account, done))
        return;
    if (m_secretService)
        return m_secretService->read(account, std::move(done));
    auto* job = new QKeychain::ReadPasswordJob(m_serviceName);
    prepare(job, account);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done), account](QKeychain::Job* finished) {
                if (finished->error() != QKeychain::NoError) {
                    done(errorFor(finished->error(), finished->errorString(), account));
                    return;
                }
                auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
                QByteArray bytes = read->binaryData();
                SecretBytes secret(bytes);
                SecretBytes::wipe(bytes);
                done(std::move(secret));
            });
    job->start();
}

void KeychainSecretStore::deleteSecret(const QString& account, Done done)
{
    if (refuseUnnamed(account, done))
        return;
    if (m_secretService)
        return m_secretService->remove(account, std::move(done));
    auto* job = new QKeychain::DeletePasswordJob(m_serviceName);
    prepare(job, account);
    connect(
        job, &QKeychain::Job::finished, this, [done = std::move(done), account](QKeychain::Job* finished) {
            // Deleting what is not there leaves the keychain as the caller wanted it.
            if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound) {
                done(errorFor(finished->error(), finished->errorString(), account));
                return;
            }
            done({});
        });
    job->start();
}

void KeychainSecretStore::probeSecret(const QString& account, PresenceDone done)
{
    // QtKeychain keeps secrets in KWallet on a KDE desktop: the Secret Service would not know them.
    if (account.isEmpty() || mayUseKWallet()) {
        QTimer::singleShot(0, this, [done = std::move(done)] { done(Presence::Unknown); });
        return;
    }
    m_search->find(m_serviceName, account, [done](SecretServiceSearch::Answer answer) {
        using A = SecretServiceSearch::Answer;
        done(answer == A::Found      ? Presence::Present
             : answer == A::NotFound ? Presence::Missing
                                     : Presence::Unknown);
    });
}

QString KeychainSecretStore::deletionNote() const
{
    if (provider() != QLatin1String("KeePassXC"))
        return {};
    return tr("KeePassXC keeps a copy in its Recycle Bin until you empty it.");
}

bool KeychainSecretStore::mayUseKWallet()
{
    // The same signs QtKeychain's backend choice reads (keychain_unix.cpp, detectDesktopEnvironment).
    const QByteArray desktop = qgetenv("XDG_CURRENT_DESKTOP").toLower();
    const QByteArray session = qgetenv("DESKTOP_SESSION").toLower();
    return desktop.contains("kde") || !qEnvironmentVariableIsEmpty("KDE_FULL_SESSION") ||
           session.contains("kde") || session.contains("plasma");
}

Error KeychainSecretStore::errorFor(int keychainError, const QString& errorString, const QString& account)
{
    using K = Error::Kind;
    switch (keychainError) {
    case QKeychain::EntryNotFound:
        return {K::SecretNotFound, tr("The OS keychain holds no secret for %1.").arg(account), errorString};
    case QKeychain::AccessDeniedByUser:
        return {K::KeychainDenied, tr("Access to the OS keychain was refused."), errorString};
    case QKeychain::AccessDenied:
        if (mentions(errorString, "locked")) {
            return {K::KeychainLocked,
                    tr("The OS keychain is locked. Unlock it (for example by logging in again) and retry; "
                       "KeyDesk keeps working without secrets meanwhile."),
                    errorString};
        }
        return {K::KeychainDenied, tr("The OS keychain refused access to the secret."), errorString};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return {K::KeychainUnavailable,
                tr("No OS keychain is available (install and start a Secret Service such as GNOME Keyring or "
                   "KWallet). KeyDesk keeps working with key details only; secrets cannot be stored."),
                errorString};
    default:
        break;
    }
    // QtKeychain reports an unreachable D-Bus or Secret Service as OtherError; tell those apart by text.
    if (mentions(errorString, "D-Bus") || mentions(errorString, "DBus") ||
        mentions(errorString, ".service files") || mentions(errorString, "org.freedesktop.secrets") ||
        mentions(errorString, "No such interface")) {
        return {K::KeychainUnavailable,
                tr("The OS keychain cannot be reached (no Secret Service on the session bus). KeyDesk keeps "
                   "working with key details only; secrets cannot be stored or read."),
                errorString};
    }
    if (mentions(errorString, "Object does not exist") || mentions(errorString, "collection")) {
        return {K::KeychainLocked,
                tr("The OS keychain has no unlocked default collection. Unlock or create your login keyring "
                   "and retry."),
                errorString};
    }
    return {K::KeychainUnavailable, tr("The OS keychain reported an error."), errorString};
}

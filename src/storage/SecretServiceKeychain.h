#pragma once

#include "core/SecretStore.h"

#include <QDBusObjectPath>
#include <QObject>
#include <memory>

struct SecretServiceRun;

// Secrets in the freedesktop Secret Service (GNOME Keyring, KeePassXC...), spoken to over QtDBus. Written
// where QtKeychain 0.13 is wrong: it reports a store or clear as done without looking at the result, has no
// time limit and labels every entry "keydesk". Here each job
//  - unlocks the collection first when it is locked (the provider's dialog, which the user may refuse),
//  - confirms by attributes after writing that the entry is there (and newer, when one was replaced) and
//    after deleting that it is gone, before saying so,
//  - ends within its deadline, dismissing a dialog nobody answered, and ignores answers after that.
// Entries keep QtKeychain's attributes (schema org.qt.keychain, server, user, type base64), so what
// either wrote the other reads.
class SecretServiceKeychain : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultDeadlineMs = 60000; // long enough to type a master password

    explicit SecretServiceKeychain(QString serviceName, QObject* parent = nullptr);
    void setDeadlineMs(int deadlineMs) { m_deadlineMs = deadlineMs; }
    int deadlineMs() const { return m_deadlineMs; }

    void write(const QString& account, const QString& label, const SecretBytes& secret,
               SecretStore::Done done);
    void read(const QString& account, SecretStore::ReadDone done);
    void remove(const QString& account, SecretStore::Done done);
    // Never unlocks: a locked keychain answers KeychainLocked.
    void relabel(const QString& account, const QString& label, SecretStore::Done done);

    // Said when the provider opens a dialog a job waits on ("KeePassXC is asking you to unlock...").
    std::function<void(const QString& notice)> noticePrompt;
    // The provider the last job spoke to ("KeePassXC"), empty until known.
    const QString& provider() const { return m_provider; }
    // Whether the last job's secrets travelled encrypted (false: the provider offered only "plain").
    bool encrypted() const { return m_encrypted; }

private:
    using RunPtr = std::shared_ptr<SecretServiceRun>;
    using Next = std::function<void()>;

    RunPtr start(const QString& account, Error late, std::function<void(Error)> fail);
    void findItems(const RunPtr& run, Next next);
    void unlockItems(const RunPtr& run, Next next);
    void readyToChange(const RunPtr& run, bool create, Next next);
    void itemModified(const RunPtr& run, std::function<void(qulonglong)> next);
    void createItem(const RunPtr& run, const QString& label, Next next);
    void readValue(const RunPtr& run, std::function<void(QByteArray)> next);
    void verifyWritten(const RunPtr& run, qulonglong before, SecretStore::Done done);
    void deleteItems(const RunPtr& run, Next next);
    void setLabels(const RunPtr& run, const QString& label, Next next);
    QMap<QString, QString> attributes(const QString& account) const;

    QString m_serviceName;
    int m_deadlineMs = DefaultDeadlineMs;
    QString m_provider;
    bool m_encrypted = false;
};

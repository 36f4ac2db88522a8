#pragma once

#include <QLockFile>
#include <QObject>

class QLocalServer;

// One KeyDesk per user: a lock file in the data folder, plus a local socket so a second launch can ask the
// running one to come to the front instead of opening a second window on the same inventory.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(const QString& dataDir, QObject* parent = nullptr);
    ~SingleInstance() override;

    // True when this process is the one instance; false when another holds the lock (it has been asked
    // to show itself).
    bool acquire();

signals:
    void activationRequested();

private:
    QString m_socketName;
    QLockFile m_lock;
    QLocalServer* m_server = nullptr;
};

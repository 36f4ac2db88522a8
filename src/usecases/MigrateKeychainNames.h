#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <functional>

class InventoryStore;
class SecretStore;
class Settings;

// Moves keychain entries from the names used before inventory schema v7 (by reusable row id:
// "connection-5/kd_…", "connection-5/admin-token", the app's "remote-service/admin-token") to the current
// ones (KeychainNames), and the app's remote service from its settings into the inventory. Each entry is
// read, written under its new name and only then deleted under the old one, so an interruption at any point
// loses nothing; a connection is marked done only when all of its entries moved, and the next start tries the
// rest again. Runs once per connection: connections added since v7 have nothing to move.
class MigrateKeychainNames : public QObject
{
    Q_OBJECT

public:
    struct Report
    {
        int moved = 0;
        QStringList problems; // what could not be moved yet, in plain words (retried next time)
    };
    using Done = std::function<void(Report)>;

    // `appSettings` is the app's (the CLI passes none): its remote service moves into the inventory.
    MigrateKeychainNames(InventoryStore& store, SecretStore& secrets, Settings* appSettings = nullptr,
                         QObject* parent = nullptr);
    void run(Done done);
    // Whether anything is left to move (usually not: then nobody needs to ask the keychain at all).
    static bool isDue(InventoryStore& store, const Settings* appSettings = nullptr);

private:
    struct Move
    {
        QString from;
        QString to;
        qint64 connectionId = 0;
        QString label; // the new entry's (KeychainNames::label)
    };
    void planAppService();
    void next();
    void moved(const Move& move, bool entryExisted);

    InventoryStore& m_store;
    SecretStore& m_secrets;
    Settings* m_settings;
    QList<Move> m_moves;
    QHash<qint64, bool> m_connectionOk; // connections to mark done when all their moves worked
    QString m_activeUidAfterMove;       // the app's remote service, active once its token moved
    Report m_report;
    Done m_done;
};

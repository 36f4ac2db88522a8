#pragma once

#include "InventoryFile.h"
#include "InventoryQuery.h"
#include "InventoryQuerySql.h"
#include "core/Clock.h"
#include "core/Connection.h"
#include "core/Credential.h"
#include "core/Expected.h"

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QVector>
#include <memory>
#include <optional>

class InventoryIdStream;

// The workstation's SQLite mirror of every connection's credential metadata, for offline review, in an
// InventoryFile. Never holds a secret.
class InventoryStore
{
public:
    explicit InventoryStore(const Clock& clock = Clock::system());
    InventoryStore(const InventoryStore&) = delete;
    InventoryStore& operator=(const InventoryStore&) = delete;

    // Opens (creating if needed) and upgrades the file. A damaged, foreign or newer-version file is
    // refused with a clear error and left byte-for-byte as it was.
    Expected<void> open(const QString& path);
    void close();
    bool isOpen() const;
    QString path() const { return m_file.path(); }
    // How long a write waits for another program's lock before reporting StorageLocked.
    void setBusyTimeoutMs(int ms) { m_file.setBusyTimeoutMs(ms); }

    Expected<qint64> addConnection(const Connection& connection);
    Expected<QList<Connection>> connections() const;
    Expected<Connection> connection(qint64 connectionId) const;
    Expected<void> removeConnection(qint64 connectionId);
    // How to reach a provider (OAuth2 or API-key connections only).
    Expected<void> setProviderSettings(qint64 connectionId, const ProviderSettings& provider);
    // A name is unique among connections (Conflict otherwise); RenameConnection checks it first.
    Expected<void> renameConnection(qint64 connectionId, const QString& name);
    // Its keychain entries now have the current names (see KeychainNames and MigrateKeychainNames).
    Expected<void> markKeychainNamesMigrated(qint64 connectionId);

    // Inserts or updates (by connection + key id) one credential; returns its row id.
    Expected<qint64> saveCredential(const Credential& credential);
    // Inserts or updates many credentials in one transaction (imports, generators): all or nothing.
    Expected<void> saveCredentials(const QList<Credential>& credentials);
    // Makes the mirror of one connection equal to `credentials` in one transaction: what the service no
    // longer has is removed, the rest updated; local test results survive.
    Expected<void> replaceCredentials(qint64 connectionId, const QList<Credential>& credentials,
                                      const QDateTime& syncedAt);
    Expected<void> removeCredential(qint64 credentialId);
    Expected<void> linkSuccessor(qint64 connectionId, const QString& successorKeyId,
                                 const QString& replacedKeyId);
    // A rotation's two ends as far as the inventory still has them: a link to a deleted key is no link.
    struct RotationLinks
    {
        std::optional<Credential> replaces;   // the key this one replaced
        std::optional<Credential> replacedBy; // the key that replaced this one
    };
    Expected<RotationLinks> rotationLinks(const Credential& key) const;
    Expected<void> recordTest(qint64 credentialId, const QDateTime& testedAt, const QString& result);
    // The matching rows in display order (all of them, or the query's limit/offset).
    Expected<QList<Credential>> credentials(const InventoryQuery& query = {}) const;
    Expected<int> countCredentials(const InventoryQuery& query = {}) const;
    // The matching row ids in display order, read a slice at a time (the table at a million rows).
    Expected<std::unique_ptr<InventoryIdStream>> streamIds(const InventoryQuery& query) const;
    // The rows with these ids, in the order given; ids no longer in the inventory are left out.
    Expected<QList<Credential>> credentialsByIds(const QVector<qint64>& ids) const;
    // The id of a connection's key, by its key id (one indexed read); nullopt when it is not listed.
    Expected<std::optional<qint64>> credentialId(qint64 connectionId, const QString& keyId) const;
    // The SQL a query turns into (see InventoryQuerySql).
    Expected<InventoryQuerySql> plan(const InventoryQuery& query) const;

private:
    // The team's tables, the kept-secret marks and the shown reminders live in the same file; only they share
    // its connection.
    friend class InventoryTeam;
    friend class KeptSecrets;
    friend class ShownReminders;
    QSqlDatabase database() const;
    Expected<qint64> upsert(const Credential& credential);

    const Clock& m_clock;
    InventoryFile m_file;
};

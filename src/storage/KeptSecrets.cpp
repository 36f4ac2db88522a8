#include "KeptSecrets.h"

#include "InventoryStore.h"
#include "sql/SqlErrorMapper.h"

#include <QCoreApplication>
#include <QSqlQuery>

Expected<void> KeptSecrets::record(qint64 connectionId, const QString& keyId, bool kept)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("INSERT INTO kept_secrets (connection_id, key_id, kept) VALUES (?, ?, ?) "
                             "ON CONFLICT (connection_id, key_id) DO UPDATE SET kept = excluded.kept"));
    q.addBindValue(connectionId);
    q.addBindValue(keyId);
    q.addBindValue(kept ? 1 : 0);
    if (!q.exec())
        return SqlErrorMapper::map(
            q.lastError(), QCoreApplication::translate("KeptSecrets", "note where the secret is kept"));
    return {};
}

std::optional<bool> KeptSecrets::kept(qint64 connectionId, const QString& keyId) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT kept FROM kept_secrets WHERE connection_id = ? AND key_id = ?"));
    q.addBindValue(connectionId);
    q.addBindValue(keyId);
    if (!q.exec() || !q.next()) // unreadable counts as unknown: the caller then does the keychain work
        return std::nullopt;
    return q.value(0).toInt() != 0;
}

QSet<QString> KeptSecrets::neverKept(qint64 connectionId) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT key_id FROM kept_secrets WHERE connection_id = ? AND kept = 0"));
    q.addBindValue(connectionId);
    QSet<QString> keyIds;
    if (!q.exec()) // unreadable: none known, so every entry gets the keychain work
        return keyIds;
    while (q.next())
        keyIds.insert(q.value(0).toString());
    return keyIds;
}

Expected<void> KeptSecrets::forget(qint64 connectionId, const QString& keyId)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("DELETE FROM kept_secrets WHERE connection_id = ? AND key_id = ?"));
    q.addBindValue(connectionId);
    q.addBindValue(keyId);
    if (!q.exec())
        return SqlErrorMapper::map(
            q.lastError(), QCoreApplication::translate("KeptSecrets", "note where the secret is kept"));
    return {};
}

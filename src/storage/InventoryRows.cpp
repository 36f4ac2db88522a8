#include "InventoryRows.h"

#include "core/Role.h"
#include "sql/SqlTime.h"

#include <QSqlQuery>
#include <QVariant>

using SqlTime::fromSql;

QString InventoryRows::text(const QString& value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

Credential InventoryRows::credential(const QSqlQuery& q)
{
    Credential c;
    c.id = q.value(0).toLongLong();
    c.connectionId = q.value(1).toLongLong();
    c.project = q.value(2).toString();
    c.remoteId = q.value(3).toString();
    c.name = q.value(4).toString();
    c.description = q.value(5).toString();
    c.keyId = q.value(6).toString();
    c.last4 = q.value(7).toString();
    c.storedStatus = keyStatusFromString(q.value(8).toString()).value_or(KeyStatus::Inactive);
    c.createdAt = fromSql(q.value(9));
    c.expiresAt = fromSql(q.value(10));
    c.lastUsedAt = fromSql(q.value(11));
    c.username = q.value(12).toString();
    c.lastTestedAt = fromSql(q.value(13));
    c.lastTestResult = q.value(14).toString();
    c.replacesKeyId = q.value(15).toString();
    c.connectionUid = q.value(16).toString();
    c.createdBy = q.value(17).toString();
    c.projectName = q.value(18).toString();
    return c;
}

QString InventoryRows::connectionColumns()
{
    return QStringLiteral("id, name, kind, url, embedded, last_synced_at, provider_settings, uid, "
                          "legacy_keychain_names, signed_in_as, role");
}

Connection InventoryRows::connection(const QSqlQuery& q)
{
    Connection c;
    c.id = q.value(0).toLongLong();
    c.name = q.value(1).toString();
    c.kind = Connection::kindFromString(q.value(2).toString()).value_or(Connection::Kind::KeyDeskService);
    c.url = QUrl(q.value(3).toString());
    c.embedded = q.value(4).toBool();
    c.lastSyncedAt = fromSql(q.value(5));
    auto provider = ProviderSettings::fromJson(q.value(6).toString().toUtf8());
    if (provider)
        c.provider = provider.value();
    c.uid = q.value(7).toString();
    c.legacyKeychainNames = q.value(8).toBool();
    c.signedInAs = q.value(9).toString();
    c.role = roleFromString(q.value(10).toString());
    return c;
}

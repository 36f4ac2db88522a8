#include "InventoryTeam.h"

#include "InventoryStore.h"
#include "sql/SqlErrorMapper.h"
#include "sql/SqlTime.h"
#include "sql/SqlTransaction.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlQuery>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("InventoryTeam", text);
}

} // namespace

Expected<void> InventoryTeam::replaceProjects(qint64 connectionId, const QList<Project>& projects,
                                              const QString& signedInAs, std::optional<Role> role)
{
    const QString action = tr("save the service's projects");
    QSqlDatabase db = m_store.database();
    SqlTransaction tx(db);
    if (auto begun = tx.begin(action); !begun)
        return begun;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM projects WHERE connection_id = ?"));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), action);
    q.prepare(QStringLiteral(
        "INSERT INTO projects (connection_id, project_id, name, key_count) VALUES (?, ?, ?, ?)"));
    for (const Project& p : projects) {
        q.addBindValue(connectionId);
        q.addBindValue(p.id);
        q.addBindValue(p.name);
        q.addBindValue(p.keyCount);
        if (!q.exec())
            return SqlErrorMapper::map(q.lastError(), action);
    }
    q.prepare(QStringLiteral("UPDATE connections SET signed_in_as = ?, role = ? WHERE id = ?"));
    q.addBindValue(signedInAs.isNull() ? QStringLiteral("") : signedInAs);
    q.addBindValue(role ? roleToString(*role) : QStringLiteral(""));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), action);
    return tx.commit(action);
}

Expected<QList<Project>> InventoryTeam::projects(qint64 connectionId) const
{
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT project_id, name, key_count FROM projects WHERE connection_id = ? "
                             "ORDER BY name COLLATE NOCASE"));
    q.addBindValue(connectionId);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), tr("read the service's projects"));
    QList<Project> result;
    while (q.next())
        result << Project{q.value(0).toString(), q.value(1).toString(), {}, q.value(2).toInt()};
    return result;
}

Expected<void> InventoryTeam::keepEvents(qint64 connectionId, const QList<AuditEvent>& events)
{
    const QString action = tr("keep the key's history");
    QSqlDatabase db = m_store.database();
    SqlTransaction tx(db);
    if (auto begun = tx.begin(action); !begun)
        return begun;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO events (connection_id, seq, at, actor, role, action, project_id, "
                             "key_id, source, detail, "
                             "count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (connection_id, seq) DO UPDATE SET count = excluded.count"));
    for (const AuditEvent& e : events) {
        q.addBindValue(connectionId);
        q.addBindValue(e.seq);
        q.addBindValue(toSql(e.at));
        for (const QString* text : {&e.actor, &e.role, &e.action, &e.projectId, &e.keyId, &e.source})
            q.addBindValue(text->isNull() ? QStringLiteral("") : *text);
        q.addBindValue(QString::fromUtf8(QJsonDocument(e.detail).toJson(QJsonDocument::Compact)));
        q.addBindValue(e.count);
        if (!q.exec())
            return SqlErrorMapper::map(q.lastError(), action);
    }
    return tx.commit(action);
}

Expected<QList<AuditEvent>> InventoryTeam::events(qint64 connectionId, const QString& keyId, int limit) const
{
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT seq, at, actor, role, action, project_id, key_id, source, detail, count "
                             "FROM events WHERE connection_id = ?") +
              (keyId.isEmpty() ? QString() : QStringLiteral(" AND key_id = ?")) +
              QStringLiteral(" ORDER BY seq DESC LIMIT ?"));
    q.addBindValue(connectionId);
    if (!keyId.isEmpty())
        q.addBindValue(keyId);
    q.addBindValue(limit);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), tr("read the key's history"));
    QList<AuditEvent> result;
    while (q.next()) {
        AuditEvent e;
        e.seq = q.value(0).toLongLong();
        e.at = fromSql(q.value(1));
        e.actor = q.value(2).toString();
        e.role = q.value(3).toString();
        e.action = q.value(4).toString();
        e.projectId = q.value(5).toString();
        e.keyId = q.value(6).toString();
        e.source = q.value(7).toString();
        e.detail = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
        e.count = q.value(9).toLongLong();
        result << e;
    }
    return result;
}

#include "InventoryQuerySql.h"

#include "sql/SqlErrorMapper.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QStringList>

namespace {

QString ftsString(QString text)
{
    text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// What to ask the trigram index for `text`: not the phrase of all its overlapping trigrams but every third
// one and the last, which together still cover the text — FTS5 then merges a third of the lists without
// their positions (measured at a million rows: 26 ms instead of 111). That offers a few more candidates;
// keydesk_contains decides anyway. Each trigram is a quoted string, so nothing in the text is syntax.
QString ftsQuery(const QString& text)
{
    const QList<uint> codePoints = text.toUcs4();
    const auto trigramAt = [&](qsizetype start) {
        return ftsString(
            QString::fromUcs4(reinterpret_cast<const char32_t*>(codePoints.constData() + start), 3));
    };
    QStringList terms;
    for (qsizetype start = 0; start + 3 <= codePoints.size(); start += 3)
        terms << trigramAt(start);
    if (codePoints.size() % 3 != 0)
        terms << trigramAt(codePoints.size() - 3);
    return terms.join(QStringLiteral(" AND "));
}

QString sortExpression(InventoryQuery::Column column)
{
    switch (column) {
    case InventoryQuery::Column::Name:
    case InventoryQuery::Column::Connection: // ordered by connection in rows()/ids(), then by name
        return QStringLiteral("c.name COLLATE NOCASE");
    case InventoryQuery::Column::KeyId:
        return QStringLiteral("c.key_id");
    case InventoryQuery::Column::Last4:
        return QStringLiteral("c.last4");
    case InventoryQuery::Column::Status: // grouped by status, then by name (index credentials_status)
        return QStringLiteral("c.status %1, c.name COLLATE NOCASE");
    case InventoryQuery::Column::CreatedAt:
        return QStringLiteral("c.created_at");
    case InventoryQuery::Column::ExpiresAt:
        return QStringLiteral("c.expires_at");
    case InventoryQuery::Column::LastUsedAt:
        return QStringLiteral("c.last_used_at");
    case InventoryQuery::Column::LastTestedAt:
        return QStringLiteral("c.last_tested_at");
    case InventoryQuery::Column::Project: // grouped by project (its id), then by name
        return QStringLiteral("c.project %1, c.name COLLATE NOCASE");
    case InventoryQuery::Column::CreatedBy:
        return QStringLiteral("c.created_by");
    }
    return QStringLiteral("c.name COLLATE NOCASE");
}

// Runs a read-only statement, forward only; the caller reads its rows.
Expected<QSqlQuery> executed(const QSqlDatabase& db, const SqlStatement& statement, const QString& action)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(statement.sql);
    for (const QVariant& value : statement.values)
        q.addBindValue(value);
    if (!q.exec())
        return SqlErrorMapper::map(q.lastError(), action);
    return q;
}

Expected<QList<qint64>> idsOf(const QSqlDatabase& db, const SqlStatement& statement, const QString& action)
{
    auto q = executed(db, statement, action);
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q.value().next())
        ids << q.value().value(0).toLongLong();
    return ids;
}

// (connection id, project id) pairs.
Expected<QList<QPair<qint64, QString>>> projectsOf(const QSqlDatabase& db, const SqlStatement& statement,
                                                   const QString& action)
{
    auto q = executed(db, statement, action);
    if (!q)
        return q.error();
    QList<QPair<qint64, QString>> projects;
    while (q.value().next())
        projects.append({q.value().value(0).toLongLong(), q.value().value(1).toString()});
    return projects;
}

QString idList(const QList<qint64>& ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(','));
}

} // namespace

Expected<InventoryQuerySql> InventoryQuerySql::plan(const QSqlDatabase& db, const InventoryQuery& query,
                                                    const QDateTime& now, Search search)
{
    const QString action = QCoreApplication::translate("InventoryStore", "search the inventory");
    InventoryQuerySql plan;
    plan.m_query = query;
    QStringList parts;
    const qint64 nowMs = now.toMSecsSinceEpoch();

    if (query.sortColumn == InventoryQuery::Column::Connection) {
        auto order = idsOf(
            db, {QStringLiteral("SELECT id FROM connections ORDER BY name COLLATE NOCASE, id"), {}}, action);
        if (!order)
            return order.error();
        plan.m_connectionOrder = std::move(order).value();
        if (query.sortOrder == Qt::DescendingOrder)
            std::reverse(plan.m_connectionOrder.begin(), plan.m_connectionOrder.end());
    }

    if (!query.search.isEmpty()) {
        // Connections are few: find the ones whose name matches here, and match their keys by id.
        const SqlStatement byConnection{
            QStringLiteral("SELECT id FROM connections WHERE keydesk_contains(?, name)"), {query.search}};
        auto connections = idsOf(db, byConnection, action);
        if (!connections)
            return connections.error();
        plan.m_probes << byConnection;

        // Projects are few too: their keys are matched by (connection, project id), bound as values.
        const SqlStatement byProject{
            QStringLiteral("SELECT connection_id, project_id FROM projects WHERE keydesk_contains(?, name)"),
            {query.search}};
        auto projects = projectsOf(db, byProject, action);
        if (!projects)
            return projects.error();
        plan.m_probes << byProject;

        QString contains = QStringLiteral("(keydesk_contains(?, c.name, c.description, c.key_id, c.last4)");
        QVariantList projectValues;
        if (!connections.value().isEmpty())
            contains += QStringLiteral(" OR +c.connection_id IN (%1)").arg(idList(connections.value()));
        for (const auto& [connectionId, projectId] : projects.value()) {
            contains += QStringLiteral(" OR (+c.connection_id = ? AND c.project = ?)");
            projectValues << connectionId << projectId;
        }
        contains += QLatin1Char(')');

        // The trigram index offers every row keydesk_contains accepts (both fold case the same way), so
        // it can only narrow; keydesk_contains still decides. Worth it when it narrows a lot — or when
        // the caller found that walking does not meet matches soon (they sort late), see Search.
        // FTS5 reads its query as a C string: a NUL would end it inside a quoted trigram (found by
        // fuzz/fuzz_inventory_search), so such texts walk.
        plan.m_canNarrow = query.search.toUcs4().size() >= 3 && !query.search.contains(QChar(u'\0')) &&
                           connections.value().isEmpty() && projects.value().isEmpty();
        if (plan.m_canNarrow) {
            const QString terms = ftsQuery(query.search);
            bool narrow = search == Search::NarrowAlways;
            if (!narrow) {
                const SqlStatement probe{
                    QStringLiteral("SELECT count(*) FROM (SELECT rowid FROM credentials_search "
                                   "WHERE credentials_search MATCH ? LIMIT %1)")
                        .arg(SearchIndexLimit + 1),
                    {terms}};
                auto candidates = idsOf(db, probe, action);
                if (!candidates)
                    return candidates.error();
                plan.m_probes << probe;
                narrow = candidates.value().value(0) <= SearchIndexLimit;
            }
            if (narrow) {
                parts << QStringLiteral(
                    "c.id IN (SELECT rowid FROM credentials_search WHERE credentials_search MATCH ?)");
                plan.m_values << terms;
                plan.m_narrowed = true;
            }
        }
        parts << contains;
        plan.m_values << query.search << projectValues;
    }
    if (query.status) {
        switch (*query.status) {
        case KeyStatus::Expired:
            parts << QStringLiteral("+c.expires_at <= ?");
            break;
        case KeyStatus::Active:
            parts << QStringLiteral("+c.status = 'active' AND (+c.expires_at IS NULL OR +c.expires_at > ?)");
            break;
        case KeyStatus::Inactive:
            parts << QStringLiteral(
                "+c.status = 'inactive' AND (+c.expires_at IS NULL OR +c.expires_at > ?)");
            break;
        }
        plan.m_values << nowMs;
    }
    if (query.connectionId) {
        parts << QStringLiteral("+c.connection_id = ?");
        plan.m_values << *query.connectionId;
    }
    if (!query.projectId.isEmpty()) {
        parts << QStringLiteral("c.project = ?");
        plan.m_values << query.projectId;
    }
    if (query.expiringWithinDays) {
        parts << QStringLiteral("+c.expires_at > ? AND +c.expires_at <= ?");
        plan.m_values << nowMs << now.addDays(*query.expiringWithinDays).toMSecsSinceEpoch();
    }
    // Without "+": a narrow expiry range is best read from the expiry index (the reminders sort by it).
    if (query.expiresAfter) {
        parts << QStringLiteral("c.expires_at > ?");
        plan.m_values << query.expiresAfter->toMSecsSinceEpoch();
    }
    if (query.expiresUntil) {
        parts << QStringLiteral("c.expires_at <= ?");
        plan.m_values << query.expiresUntil->toMSecsSinceEpoch();
    }
    if (query.neverUsed)
        parts << QStringLiteral("+c.last_used_at IS NULL");
    if (query.notTestedForDays) {
        parts << QStringLiteral("(+c.last_tested_at IS NULL OR +c.last_tested_at < ?)");
        plan.m_values << now.addDays(-*query.notTestedForDays).toMSecsSinceEpoch();
    }
    if (!parts.isEmpty())
        plan.m_where = QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    return plan;
}

QString InventoryQuerySql::credentialColumns()
{
    return QStringLiteral(
        "c.id, c.connection_id, c.project, c.remote_id, c.name, c.description, c.key_id, c.last4, c.status, "
        "c.created_at, c.expires_at, c.last_used_at, c.username, c.last_tested_at, c.last_test_result, "
        "c.replaces_key_id, (SELECT uid FROM connections WHERE id = c.connection_id), c.created_by, "
        "(SELECT name FROM projects p WHERE p.connection_id = c.connection_id AND p.project_id = c.project)");
}

// Ties are broken by row id in the same direction, which is the order of the column's index walked
// forwards or backwards.
QString InventoryQuerySql::orderTerms() const
{
    const QLatin1String direction(m_query.sortOrder == Qt::DescendingOrder ? "DESC" : "ASC");
    // A grouping column names its direction inside ("c.status %1, c.name …"): each term gets it.
    QString terms = sortExpression(m_query.sortColumn);
    if (terms.contains(QLatin1String("%1")))
        terms = terms.arg(direction);
    return QStringLiteral("%1 %2, c.id %2").arg(terms, direction);
}

SqlStatement InventoryQuerySql::rows() const
{
    QString rank; // sorting by connection: their order by name first, as ids() reads them
    if (!m_connectionOrder.isEmpty()) {
        rank = QStringLiteral("CASE c.connection_id");
        for (int i = 0; i < m_connectionOrder.size(); ++i)
            rank += QStringLiteral(" WHEN %1 THEN %2").arg(m_connectionOrder.at(i)).arg(i);
        rank += QStringLiteral(" ELSE %1 END, ").arg(m_connectionOrder.size());
    }
    QString sql = QStringLiteral("SELECT ") + credentialColumns() + QStringLiteral(" FROM credentials c") +
                  m_where + QStringLiteral(" ORDER BY ") + rank + orderTerms();
    if (m_query.limit >= 0)
        sql += QStringLiteral(" LIMIT %1 OFFSET %2").arg(m_query.limit).arg(m_query.offset);
    return {sql, m_values};
}

SqlStatement InventoryQuerySql::count() const
{
    return {QStringLiteral("SELECT count(*) FROM credentials c") + m_where, m_values};
}

QList<SqlStatement> InventoryQuerySql::ids() const
{
    const QString select = QStringLiteral("SELECT c.id FROM credentials c") + m_where;
    if (m_query.sortColumn != InventoryQuery::Column::Connection)
        return {{select + QStringLiteral(" ORDER BY ") + orderTerms(), m_values}};
    QList<SqlStatement> perConnection;
    for (qint64 connectionId : m_connectionOrder) {
        SqlStatement statement{select +
                                   (m_where.isEmpty() ? QStringLiteral(" WHERE ") : QStringLiteral(" AND ")) +
                                   QStringLiteral("+c.connection_id = ? ORDER BY ") + orderTerms(),
                               m_values};
        statement.values << connectionId;
        perConnection << statement;
    }
    return perConnection;
}

#include "SqlTransaction.h"

#include "SqlErrorMapper.h"

#include <QSqlDriver>
#include <QSqlQuery>

SqlTransaction::SqlTransaction(QSqlDatabase db) : m_db(std::move(db)) {}

SqlTransaction::~SqlTransaction()
{
    if (m_open) {
        QSqlQuery rollback(m_db);
        rollback.exec(QStringLiteral("ROLLBACK"));
    }
}

Expected<void> SqlTransaction::begin(const QString& action)
{
    const bool sqlite = m_db.driverName() == QLatin1String("QSQLITE");
    QSqlQuery query(m_db);
    if (!query.exec(sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN")))
        return SqlErrorMapper::map(query.lastError(), action);
    m_open = true;
    return {};
}

Expected<void> SqlTransaction::commit(const QString& action)
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("COMMIT")))
        return SqlErrorMapper::map(query.lastError(), action);
    m_open = false;
    return {};
}

#include "InventoryIdStream.h"

#include "sql/SqlErrorMapper.h"

#include <QCoreApplication>
#include <QSqlQuery>

InventoryIdStream::InventoryIdStream(const QSqlDatabase& db, QList<SqlStatement> statements)
    : m_db(db), m_pending(std::move(statements))
{}

InventoryIdStream::~InventoryIdStream() = default;

Expected<void> InventoryIdStream::startNext()
{
    const SqlStatement statement = m_pending.takeFirst();
    m_current = std::make_unique<QSqlQuery>(m_db);
    m_current->setForwardOnly(true);
    m_current->prepare(statement.sql);
    for (const QVariant& value : statement.values)
        m_current->addBindValue(value);
    if (!m_current->exec()) {
        Error error = SqlErrorMapper::map(
            m_current->lastError(), QCoreApplication::translate("InventoryStore", "read the inventory"));
        m_current.reset();
        m_pending.clear();
        return error;
    }
    return {};
}

Expected<void> InventoryIdStream::readMore(QVector<qint64>& ids, int maxRows, const QDeadlineTimer& deadline)
{
    int read = 0;
    while (read < maxRows && !atEnd()) {
        if (!m_current) {
            if (auto started = startNext(); !started)
                return started;
        }
        // Checking the clock costs more than stepping a row; look every 64 rows.
        while (read < maxRows && m_current->next()) {
            ids.append(m_current->value(0).toLongLong());
            if (++read % 64 == 0 && deadline.hasExpired())
                return {};
        }
        if (read < maxRows || !m_current->isActive()) {
            const bool failed = m_current->lastError().isValid();
            const QSqlError error = m_current->lastError();
            m_current.reset(); // releases the statement, and with it the read snapshot
            if (failed) {
                m_pending.clear();
                return SqlErrorMapper::map(
                    error, QCoreApplication::translate("InventoryStore", "read the inventory"));
            }
        }
    }
    return {};
}

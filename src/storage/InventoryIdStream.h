#pragma once

#include "SqlStatement.h"
#include "core/Expected.h"

#include <QDeadlineTimer>
#include <QList>
#include <QSqlDatabase>
#include <QVector>
#include <memory>

class QSqlQuery;

// Reads the row ids of an inventory query in display order, a slice at a time, so that a million matches
// never hold up the caller: the first screenful comes at once, the rest while the user looks at it.
// Keeps its statement open between slices; destroy it before the InventoryStore it came from.
class InventoryIdStream
{
public:
    InventoryIdStream(const QSqlDatabase& db, QList<SqlStatement> statements);
    ~InventoryIdStream();
    InventoryIdStream(const InventoryIdStream&) = delete;
    InventoryIdStream& operator=(const InventoryIdStream&) = delete;

    // Appends ids to `ids` until `maxRows` more were read, the deadline passed or none are left.
    Expected<void> readMore(QVector<qint64>& ids, int maxRows,
                            const QDeadlineTimer& deadline = QDeadlineTimer::Forever);
    bool atEnd() const { return !m_current && m_pending.isEmpty(); }

private:
    Expected<void> startNext();

    QSqlDatabase m_db;
    QList<SqlStatement> m_pending;
    std::unique_ptr<QSqlQuery> m_current;
};

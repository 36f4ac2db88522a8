#pragma once

#include "core/Expected.h"

#include <QSqlDatabase>

// A transaction that rolls back unless commit() succeeded, so an early return never leaves half a write.
// SQLite transactions start IMMEDIATE: a writer learns at once that another one holds the lock.
class SqlTransaction
{
public:
    explicit SqlTransaction(QSqlDatabase db);
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction&) = delete;
    SqlTransaction& operator=(const SqlTransaction&) = delete;

    Expected<void> begin(const QString& action);
    Expected<void> commit(const QString& action);

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

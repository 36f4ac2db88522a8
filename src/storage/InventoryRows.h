#pragma once

#include "core/Connection.h"
#include "core/Credential.h"

#include <QString>

class QSqlQuery;

// The inventory's rows as the core's types, read in one place per table: each reader takes the columns in the
// order its column list gives them.
namespace InventoryRows {
// Text columns are NOT NULL; a null QString would bind as SQL NULL, so bind "" instead.
QString text(const QString& value);
// A row selected with InventoryQuerySql::credentialColumns().
Credential credential(const QSqlQuery& q);
QString connectionColumns(); // for "SELECT <columns> FROM connections"
Connection connection(const QSqlQuery& q);
} // namespace InventoryRows

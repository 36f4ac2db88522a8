#pragma once

#include <QString>
#include <QVariantList>

// One SQL statement and the values bound to its `?` placeholders, in order.
struct SqlStatement
{
    QString sql;
    QVariantList values;

    // The statement with its values written in as SQL literals, for running the very same query in the
    // sqlite3 shell (benchmark baselines, bug reports). Never used to execute anything here.
    QString inlined() const;
};

#pragma once

#include "InventoryQuery.h"
#include "SqlStatement.h"
#include "core/Expected.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>

// Turns an InventoryQuery into SQL that stays fast at a million rows.
//
// Rows are read by walking the sort column's index, and the filters are written so SQLite cannot pick
// another index (`+column`): reading a page then never means sorting the whole table. Search is a
// case-insensitive substring (keydesk_contains, see FoldedContains), narrowed first by the trigram index
// when that index says the matches are few; when they are many, walking the sort index meets the first
// page of matches within a few hundred rows anyway. Texts shorter than three characters have no
// trigrams and always walk.
class InventoryQuerySql
{
public:
    enum class Search
    {
        Auto,        // narrow by the trigram index when it offers few rows, else walk
        NarrowAlways // whenever the text allows: for matches that a walk would meet only late
    };
    // Looks at the database (matching connection names, how many rows the search index offers) to pick
    // the plan.
    static Expected<InventoryQuerySql> plan(const QSqlDatabase& db, const InventoryQuery& query,
                                            const QDateTime& now, Search search = Search::Auto);

    // Every column of the matching rows in display order, with the query's limit and offset.
    SqlStatement rows() const;
    SqlStatement count() const;
    // Just the row ids in display order. Sorting by connection reads one connection after another, in
    // the order of their names, so that too walks without a sort.
    QList<SqlStatement> ids() const;
    // The statements plan() ran to decide (for benchmarks that repeat the whole work elsewhere).
    const QList<SqlStatement>& probes() const { return m_probes; }
    bool narrowedBySearchIndex() const { return m_narrowed; }
    // Whether the trigram index can answer this search (three characters or more, no connection name
    // matched).
    bool canNarrow() const { return m_canNarrow; }

    // The columns InventoryStore reads a Credential from, in its order.
    static QString credentialColumns();

    // Above this many candidates from the search index, walking the sort index is cheaper.
    static constexpr int SearchIndexLimit = 2000;

private:
    InventoryQuerySql() = default;
    QString orderTerms() const; // "<sort column> ASC, c.id ASC" (or DESC)

    InventoryQuery m_query;
    QString m_where; // " WHERE …" or empty
    QVariantList m_values;
    QList<qint64> m_connectionOrder; // connection ids by name, for sorting by connection
    QList<SqlStatement> m_probes;
    bool m_narrowed = false;
    bool m_canNarrow = false;
};

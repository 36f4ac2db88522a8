#pragma once

#include "core/Credential.h"
#include "storage/InventoryQuery.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QStringList>
#include <algorithm>

// The inventory's search and sort done the slow, obvious way over rows held in memory: what every SQL plan
// InventoryQuerySql picks must give exactly. A search is a substring in any case and any script; a sort
// is SQLite's (COLLATE NOCASE folds ASCII only; NULL dates first; ties broken by row id).
struct ReferenceInventory
{
    QList<Credential> rows;
    QHash<qint64, QString> connectionNames;
    QHash<QPair<qint64, QString>, QString> projectNames; // (connection id, project id) -> name

    static bool likeMatches(const QString& haystack, const QString& needle)
    {
        return haystack.toCaseFolded().contains(needle.toCaseFolded());
    }

    static int compareNoCase(const QString& a, const QString& b)
    {
        return asciiLower(a).compare(asciiLower(b)); // NOCASE folds ASCII only, then compares code units
    }

    // The rows a search box with `search` shows, in inventory order.
    QList<Credential> matching(const QString& search) const
    {
        QList<Credential> result;
        for (const Credential& c : rows) {
            if (likeMatches(c.name, search) || likeMatches(c.description, search) ||
                likeMatches(c.keyId, search) || likeMatches(c.last4, search) ||
                likeMatches(connectionNames.value(c.connectionId), search) ||
                likeMatches(projectNames.value({c.connectionId, c.project}), search))
                result << c;
        }
        return result;
    }

    // `list` in the order the table shows when sorted by `column`.
    QList<Credential> sorted(QList<Credential> list, InventoryQuery::Column column, bool descending) const
    {
        QStringList connectionOrder = connectionNames.values();
        std::sort(connectionOrder.begin(), connectionOrder.end(),
                  [](const QString& a, const QString& b) { return compareNoCase(a, b) < 0; });
        std::sort(list.begin(), list.end(), [&](const Credential& a, const Credential& b) {
            int order = compare(a, b, column, connectionOrder);
            if (order == 0)
                order = a.id < b.id ? -1 : (a.id > b.id ? 1 : 0);
            return descending ? order > 0 : order < 0;
        });
        return list;
    }

private:
    static QString asciiLower(QString text)
    {
        for (QChar& ch : text) {
            if (ch.unicode() < 128)
                ch = ch.toLower();
        }
        return text;
    }

    static int compareDates(const QDateTime& a, const QDateTime& b) // NULL first, like SQLite
    {
        if (!a.isValid() || !b.isValid())
            return int(a.isValid()) - int(b.isValid());
        return a < b ? -1 : (b < a ? 1 : 0);
    }

    int compare(const Credential& a, const Credential& b, InventoryQuery::Column column,
                const QStringList& connectionOrder) const
    {
        using C = InventoryQuery::Column;
        switch (column) {
        case C::Name:
            return compareNoCase(a.name, b.name);
        case C::Connection: {
            const int rank = int(connectionOrder.indexOf(connectionNames.value(a.connectionId)) -
                                 connectionOrder.indexOf(connectionNames.value(b.connectionId)));
            return rank != 0 ? rank : compareNoCase(a.name, b.name);
        }
        case C::KeyId:
            return a.keyId.compare(b.keyId);
        case C::Last4:
            return a.last4.compare(b.last4);
        case C::Status: { // grouped by status, then by name
            const int byStatus = keyStatusToString(a.storedStatus).compare(keyStatusToString(b.storedStatus));
            return byStatus != 0 ? byStatus : compareNoCase(a.name, b.name);
        }
        case C::CreatedAt:
            return compareDates(a.createdAt, b.createdAt);
        case C::ExpiresAt:
            return compareDates(a.expiresAt, b.expiresAt);
        case C::LastTestedAt:
            return compareDates(a.lastTestedAt, b.lastTestedAt);
        case C::LastUsedAt:
            return compareDates(a.lastUsedAt, b.lastUsedAt);
        case C::Project: { // grouped by project, then by name
            const int byProject = a.project.compare(b.project);
            return byProject != 0 ? byProject : compareNoCase(a.name, b.name);
        }
        case C::CreatedBy:
            return a.createdBy.compare(b.createdBy);
        }
        return 0;
    }
};

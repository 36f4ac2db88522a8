#pragma once

#include "core/KeyStatus.h"

#include <QDateTime>
#include <QString>
#include <Qt>
#include <optional>

// What part of the inventory to read, and in which order. Filtering and sorting happen in SQL so that
// a million rows never have to be loaded to show fifty.
struct InventoryQuery
{
    enum class Column
    {
        Name,
        Connection,
        KeyId,
        Last4,
        Status,
        CreatedAt,
        ExpiresAt,
        LastUsedAt,
        LastTestedAt,
        Project,
        CreatedBy
    };

    // Substring of name, description, key id, last 4, connection or project name, in any case (any script).
    QString search;
    std::optional<KeyStatus> status;
    std::optional<qint64> connectionId;
    QString projectId;                     // with connectionId: one project of a KeyDesk service
    std::optional<int> expiringWithinDays; // not yet expired, expiring within this many days
    // Expiry in (expiresAfter, expiresUntil]: for the reminders, which need only the keys near their date.
    std::optional<QDateTime> expiresAfter;
    std::optional<QDateTime> expiresUntil;
    bool neverUsed = false;
    std::optional<int> notTestedForDays; // never tested, or last tested longer ago than this
    Column sortColumn = Column::Name;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;
    int limit = -1; // -1 = all
    int offset = 0;

    // Every credential of one connection.
    static InventoryQuery inConnection(qint64 connectionId)
    {
        InventoryQuery query;
        query.connectionId = connectionId;
        return query;
    }
};

#pragma once

#include "storage/InventoryStore.h"

// A connection row for tests that need somewhere to put credentials; -1 if the store refused it.
inline qint64 addTestConnection(InventoryStore& store, const QString& name = QStringLiteral("Local"),
                                Connection::Kind kind = Connection::Kind::KeyDeskService)
{
    Connection c;
    c.name = name;
    c.kind = kind;
    auto id = store.addConnection(c);
    return id.ok() ? id.value() : -1;
}

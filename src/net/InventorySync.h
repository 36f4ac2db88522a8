#pragma once

#include "ServiceClient.h"
#include "core/Clock.h"
#include "storage/InventoryStore.h"

#include <QObject>

// Keeps one KeyDesk-service connection's part of the inventory equal to what the service has: finds (or
// on a fresh service creates) the project, then mirrors its keys in one transaction.
class InventorySync : public QObject
{
    Q_OBJECT

public:
    InventorySync(ServiceClient& client, InventoryStore& store, qint64 connectionId,
                  const Clock& clock = Clock::system(), QObject* parent = nullptr);

    void refresh(std::function<void(Expected<void>)> done);

    QString projectId() const { return m_projectId; }
    int keyLimit() const { return m_keyLimit; }
    qint64 connectionId() const { return m_connectionId; }
    ServiceClient& client() { return m_client; }

    static QString defaultProjectName() { return QStringLiteral("Default"); }

private:
    void ensureProject(std::function<void(Expected<void>)> done);

    ServiceClient& m_client;
    InventoryStore& m_store;
    qint64 m_connectionId;
    const Clock& m_clock;
    QString m_projectId;
    int m_keyLimit = 0;
};

#pragma once

#include "net/InventorySync.h"
#include "usecases/ServiceDirectory.h"

#include <QList>

// A ServiceDirectory over syncs the test owns (the app's is ServiceSessions, which owns its own).
class ListedServices : public ServiceDirectory
{
public:
    void add(InventorySync& service) { m_services << &service; }
    InventorySync* serviceFor(qint64 connectionId) override
    {
        for (InventorySync* s : m_services) {
            if (s->connectionId() == connectionId)
                return s;
        }
        return nullptr;
    }

private:
    QList<InventorySync*> m_services;
};

#include "ConnectedServices.h"

#include "net/InventorySync.h"

void ConnectedServices::add(InventorySync& service)
{
    if (!m_services.contains(&service))
        m_services << &service;
}

void ConnectedServices::remove(const InventorySync& service)
{
    m_services.removeAll(&service);
}

InventorySync* ConnectedServices::serviceFor(qint64 connectionId)
{
    for (InventorySync* s : m_services) {
        if (s->connectionId() == connectionId)
            return s;
    }
    return nullptr;
}

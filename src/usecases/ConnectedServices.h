#pragma once

#include "ServiceDirectory.h"

#include <QList>

// The services this process is connected to right now (the app: its local or remote service).
class ConnectedServices : public ServiceDirectory
{
public:
    void add(InventorySync& service);
    void remove(const InventorySync& service);
    InventorySync* serviceFor(qint64 connectionId) override;

private:
    QList<InventorySync*> m_services;
};

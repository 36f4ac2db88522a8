#pragma once

#include "usecases/ServiceDirectory.h"
#include "usecases/ServiceSession.h"

#include <QList>

// A ServiceDirectory over syncs the test owns (the app's is ServiceSessions, which owns its own).
class ListedServices : public ServiceDirectory
{
public:
    void add(ServiceSession& service) { m_services << &service; }
    ServiceSession* serviceFor(qint64 connectionId) override
    {
        for (ServiceSession* s : m_services) {
            if (s->connectionId() == connectionId)
                return s;
        }
        return nullptr;
    }

private:
    QList<ServiceSession*> m_services;
};

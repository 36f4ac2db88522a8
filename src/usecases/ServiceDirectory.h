#pragma once

#include <QtGlobal>

class ServiceSession;

// Which connected KeyDesk service answers for a connection. The app and the CLI each know what they have
// connected (the CLI connects on demand); use cases ask here instead of assuming there is one service.
class ServiceDirectory
{
public:
    virtual ~ServiceDirectory() = default;
    // The sync (client + project) of the service behind `connectionId`, or nullptr when it is not connected.
    virtual ServiceSession* serviceFor(qint64 connectionId) = 0;
};

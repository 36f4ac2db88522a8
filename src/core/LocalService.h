#pragma once

#include "Expected.h"
#include "SecretBytes.h"

#include <QString>
#include <QUrl>

// The KeyDesk service this computer runs for its "Local" connection, seen from the layers that use it: the
// composition root (Workstation) starts and stops it, sessions reach it at url() with adminToken(). Declared
// here so the use cases need not link the server; server/EmbeddedService is the one the app and CLI run.
class LocalService
{
public:
    virtual ~LocalService() = default;
    virtual Expected<void> start(const QString& dataDir) = 0;
    virtual void stop() = 0;
    virtual QUrl url() const = 0;
    virtual const SecretBytes& adminToken() const = 0;
};

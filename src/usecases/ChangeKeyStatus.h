#pragma once

#include "core/Credential.h"
#include "core/Expected.h"

#include <QObject>
#include <functional>

class ServiceDirectory;

// Activates or deactivates a key at its KeyDesk service (support staff stop a leaked key this way), then
// refreshes that service's part of the inventory so every view shows the new state.
class ChangeKeyStatus : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<Credential>)>;

    explicit ChangeKeyStatus(ServiceDirectory& services, QObject* parent = nullptr);
    void run(const Credential& key, KeyStatus status, Done done);

private:
    ServiceDirectory& m_services;
};

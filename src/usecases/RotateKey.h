#pragma once

#include "net/ServiceClient.h"

#include <QObject>
#include <functional>

class InventoryStore;
class ServiceDirectory;

// Rotating a KeyDesk key without downtime, first step: create its successor at the same service ("name vN",
// the old key's lifetime rounded to the nearest expiry option, same description), sync, and link the two in
// the inventory. The old key keeps working: retiring it (ChangeKeyStatus, then DeleteCredential) waits until
// the user says the successor is deployed. The successor's secret comes back once, for the caller to show.
class RotateKey : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Expected<ServiceClient::CreatedKey>)>;

    RotateKey(InventoryStore& store, ServiceDirectory& services, QObject* parent = nullptr);
    void createSuccessor(const Credential& old, Done done);

private:
    // Records in the inventory that `successor` replaces `old`.
    Expected<void> link(const Credential& old, const Credential& successor);

    InventoryStore& m_store;
    ServiceDirectory& m_services;
};

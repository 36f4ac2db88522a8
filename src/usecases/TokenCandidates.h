#pragma once

#include "CredentialTarget.h"

#include <QDateTime>
#include <QList>

class InventoryStore;
class ServiceDirectory;

// The credentials that can be exchanged for a token right now: active clients of OAuth2 providers and
// active keys of a connected KeyDesk service (API keys have no token). Read connection by connection, never
// the whole inventory.
namespace TokenCandidates {

QList<CredentialTarget> list(InventoryStore& store, ServiceDirectory& services, const QDateTime& now);

} // namespace TokenCandidates

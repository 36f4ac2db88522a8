#pragma once

#include "core/Expected.h"

#include <QSet>
#include <QString>
#include <optional>

class InventoryStore;

// Whether this computer's keychain holds a key's secret, as KeyDesk last left it: recorded when a secret is
// stored, or deliberately not stored (`keys create --no-store`, the keychain option unticked). Deleting a key
// whose secret was never kept then does no keychain work and cannot blame a locked or absent keychain for a
// copy that does not exist. Unknown (nullopt) for keys from before this was recorded and for keys another
// computer created; those get the keychain work, as before. Works on the store's open file; the rows go
// with their connection.
class KeptSecrets
{
public:
    explicit KeptSecrets(InventoryStore& store) : m_store(store) {}

    Expected<void> record(qint64 connectionId, const QString& keyId, bool kept);
    std::optional<bool> kept(qint64 connectionId, const QString& keyId) const;
    // The key ids of a connection whose secret was deliberately not kept: one read for all of them.
    QSet<QString> neverKept(qint64 connectionId) const;
    Expected<void> forget(qint64 connectionId, const QString& keyId);

private:
    InventoryStore& m_store;
};

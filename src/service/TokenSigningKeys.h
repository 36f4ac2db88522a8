#pragma once

#include "Actor.h"
#include "ApiError.h"
#include "AuditLog.h"
#include "ServiceDatabase.h"
#include "SigningKeys.h"
#include "core/Clock.h"
#include "core/Expected.h"

#include <atomic>
#include <optional>

// The keys that sign the service's tokens (docs/api.md), kept in its database so every instance signs and
// verifies alike: the newest signs; every key still kept verifies. Thread-safe.
class TokenSigningKeys
{
public:
    template <typename T> using Result = Expected<T, ApiError>;

    TokenSigningKeys(ServiceDatabase& db, AuditLog& audit, const Clock& clock);

    // Reads them, creating the first on first run.
    Result<void> load();
    SigningKeys::Key current();
    std::optional<QByteArray> find(const QString& kid);
    // Adds a new key that signs from now on (other instances pick it up within a minute); returns its kid.
    Result<QString> rotate(const Actor& by);

private:
    Result<void> reload();

    ServiceDatabase& m_db;
    AuditLog& m_audit;
    const Clock& m_clock;
    SigningKeys m_keys;
    std::atomic<qint64> m_loadedAt{0}; // ms since the epoch, on m_clock
};

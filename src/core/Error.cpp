#include "Error.h"

#include <utility>

Error::Error(Kind kind, QString message, QString detail)
    : m_kind(kind), m_message(std::move(message)), m_detail(std::move(detail))
{}

QString Error::toString() const
{
    if (m_detail.isEmpty())
        return m_message;
    return m_message + QStringLiteral(" (") + m_detail + QLatin1Char(')');
}

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::InvalidInput:
        return QStringLiteral("invalid_input");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    case Kind::LimitReached:
        return QStringLiteral("limit_reached");
    case Kind::Unauthorized:
        return QStringLiteral("unauthorized");
    case Kind::Forbidden:
        return QStringLiteral("forbidden");
    case Kind::RateLimited:
        return QStringLiteral("rate_limited");
    case Kind::PayloadTooLarge:
        return QStringLiteral("payload_too_large");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Tls:
        return QStringLiteral("tls");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Protocol:
        return QStringLiteral("protocol");
    case Kind::Storage:
        return QStringLiteral("storage");
    case Kind::StorageCorrupt:
        return QStringLiteral("storage_corrupt");
    case Kind::StorageLocked:
        return QStringLiteral("storage_locked");
    case Kind::StorageFull:
        return QStringLiteral("storage_full");
    case Kind::StorageReadOnly:
        return QStringLiteral("storage_read_only");
    case Kind::StorageTooNew:
        return QStringLiteral("storage_too_new");
    case Kind::KeychainUnavailable:
        return QStringLiteral("keychain_unavailable");
    case Kind::KeychainLocked:
        return QStringLiteral("keychain_locked");
    case Kind::KeychainDenied:
        return QStringLiteral("keychain_denied");
    case Kind::SecretNotFound:
        return QStringLiteral("secret_not_found");
    case Kind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("unknown");
}

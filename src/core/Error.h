#pragma once

#include <QString>

// The one error type of KeyDesk: what went wrong (kind), what to tell the user (message) and what a
// developer needs to find the cause (detail). Storage, network, keychain and GUI all speak it.
class Error
{
public:
    enum class Kind
    {
        InvalidInput,
        NotFound,
        Conflict,
        LimitReached,
        Unauthorized,
        Forbidden,
        RateLimited,
        PayloadTooLarge,
        Network,
        Timeout,
        Tls,
        Server,
        Protocol,
        Storage,
        StorageCorrupt,
        StorageLocked,
        StorageFull,
        StorageReadOnly,
        StorageTooNew,
        KeychainUnavailable,
        KeychainLocked,
        KeychainDenied,
        SecretNotFound,
        Internal,
    };

    Error(Kind kind, QString message, QString detail = {});

    Kind kind() const { return m_kind; }
    const QString& message() const { return m_message; }
    const QString& detail() const { return m_detail; }

    // "message (detail)" for logs and tooltips; never contains secrets because callers never put them in.
    QString toString() const;

    static QString kindName(Kind kind);

private:
    Kind m_kind;
    QString m_message;
    QString m_detail;
};

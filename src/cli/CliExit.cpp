#include "CliExit.h"

CliExit exitFor(const Error& error)
{
    using K = Error::Kind;
    switch (error.kind()) {
    case K::Unauthorized:
    case K::Forbidden:
        return CliExit::Auth;
    case K::Network:
    case K::Timeout:
    case K::Tls:
        return CliExit::Network;
    case K::KeychainUnavailable:
    case K::KeychainLocked:
    case K::KeychainDenied:
    case K::SecretNotFound:
        return CliExit::Keychain;
    case K::Storage:
    case K::StorageCorrupt:
    case K::StorageLocked:
    case K::StorageFull:
    case K::StorageReadOnly:
    case K::StorageTooNew:
        return CliExit::Storage;
    case K::InvalidInput:
        return CliExit::Usage;
    default:
        return CliExit::Service;
    }
}

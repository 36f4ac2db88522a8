#pragma once

#include "core/Error.h"

// keydesk-cli's exit codes (documented in its --help and docs/cli.md).
enum class CliExit
{
    Ok = 0,
    Usage = 1,    // bad command line
    Auth = 2,     // credentials refused (401/403, invalid_client)
    Network = 3,  // service unreachable, timeout, TLS
    Keychain = 4, // no keychain, locked, secret missing
    Storage = 5,  // inventory cannot be read or written
    Service = 6,  // the service refused (not found, conflict, limit, invalid input, 5xx)
};

CliExit exitFor(const Error& error);

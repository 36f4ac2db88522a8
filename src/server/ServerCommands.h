#pragma once

#include "ServerCommandLine.h"

#include <cstdio>
#include <optional>

class KeyDeskServer;

// keydesk-server's one-shot commands on an opened database (init, rotate-admin-token, rotate-signing-key,
// users …), acting as the operator ("keydesk-server" in the audit trail). Tokens go to `out`, shown once;
// everything else to `err`.
class ServerCommands
{
public:
    enum ExitCode
    {
        Ok = 0,
        Usage = 1,
        Failure = 2
    };

    // The command's exit code, or nullopt when the command is `serve` (the caller serves).
    static std::optional<int> run(const ServerCommandLine& cl, KeyDeskServer& server, std::FILE* out = stdout,
                                  std::FILE* err = stderr);
};

#pragma once

#include "HttpServerConfig.h"
#include "core/Expected.h"
#include "core/Role.h"
#include "service/ServiceConfig.h"

#include <QStringList>

// keydesk-server's command line: a command (serve, init, rotate-admin-token, rotate-signing-key, users …)
// and its options.
struct ServerCommandLine
{
    enum class Command
    {
        Serve,
        Init,
        RotateAdminToken,
        RotateSigningKey,
        UsersList,
        UsersAdd,
        UsersSetRole,
        UsersRemove,
        Help,
        Version
    };

    Command command = Command::Serve;
    ServiceConfig service;
    HttpServerConfig http;
    QString helpText;
    QString userName; // users add|set-role|remove
    Role userRole = Role::Viewer;
    // Plain HTTP on an address other people can reach, allowed with --allow-insecure-http (warned about).
    bool insecureHttp = false;

    // Parses argv (arguments.first() is the program); an error names the bad option.
    static Expected<ServerCommandLine> parse(const QStringList& arguments);
};

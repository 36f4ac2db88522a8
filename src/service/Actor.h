#pragma once

#include "core/Role.h"

#include <QString>

// Who is making a change, for the role check and the audit trail: a person (by personal token), an embedded
// app's or CLI's session, or the operator at keydesk-server's command line.
struct Actor
{
    QString name;
    Role role = Role::Viewer;
    QString source; // the caller's address; "command line" for keydesk-server's own commands

    static Actor commandLine()
    {
        return {QStringLiteral("keydesk-server"), Role::Owner, QStringLiteral("command line")};
    }
};

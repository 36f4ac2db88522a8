#pragma once

#include "CliOutput.h"
#include "core/Connection.h"
#include "core/Expected.h"
#include "core/Project.h"

#include <QStringList>

class CliSession;

// keydesk-cli's team commands on a KeyDesk service: projects (list, create, rename, delete), events (the
// audit trail, kept in the inventory so it reads offline too) and whoami.
class TeamCommands
{
public:
    TeamCommands(CliSession& session, CliOutput& io) : m_session(session), m_io(io) {}

    int projects(const QStringList& args);
    int events(const QStringList& args);
    int whoami(const QStringList& args);

    // A project of `connection` by id or name (case-insensitive): from the connected service when `live`,
    // else from what the inventory last saw.
    Expected<Project> findProject(const Connection& connection, const QString& idOrName, bool live);

private:
    Expected<Connection> connectionFrom(const QString& nameOrId);
    int listProjects();
    int deleteProject(const Project& project, bool confirmed);

    CliSession& m_session;
    CliOutput& m_io;
};

#pragma once

#include "CliOutput.h"
#include "net/ServiceClient.h"
#include "usecases/CredentialTarget.h"

#include <QStringList>
#include <optional>

class CliSession;
class TeamCommands;

// keydesk-cli keys: list (asking the services first), create, deactivate, activate, rotate and delete, each
// narrowed to the connection named; a new key's secret printed once and kept in the keychain unless asked not
// to.
class KeyCommands
{
public:
    KeyCommands(CliSession& session, CliOutput& io, TeamCommands& team)
        : m_session(session), m_io(io), m_team(team)
    {}

    int run(const QStringList& args);

private:
    // Both narrowed to one connection when it is given.
    int deleteCredential(const QString& keyIdOrName, std::optional<qint64> connectionId);
    int rotate(const QString& keyIdOrName, bool keepSecret, std::optional<qint64> connectionId);
    // A usage error for a key action that only a KeyDesk service can take, asked of a provider credential.
    std::optional<int> onlyOnAService(const CredentialTarget& target);
    // Prints a new key's id and secret once, keeps the secret in the keychain unless asked not to.
    int printCreatedKey(const ServiceClient::CreatedKey& created, bool keepSecret, const QString& next);

    CliSession& m_session;
    CliOutput& m_io;
    TeamCommands& m_team;
};

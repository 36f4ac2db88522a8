#pragma once

#include "CliOutput.h"
#include "core/Connection.h"

#include <QStringList>

class CliSession;
class QCommandLineParser;

// keydesk-cli connections: list, show, add (a KeyDesk service with your token from stdin; an OAuth2 provider
// by token URL or discovered from its issuer; an API-key provider), set (how a provider is reached) and
// remove.
class ConnectionCommands
{
public:
    ConnectionCommands(CliSession& session, CliOutput& io) : m_session(session), m_io(io) {}

    int run(const QStringList& args);

private:
    struct Options;
    int list();
    int show(const QString& nameOrId, const QString& format);
    int remove(const QString& nameOrId);
    int set(const QCommandLineParser& p, const Options& o);
    static QString bodyNeedsBasic();
    int add(const QCommandLineParser& p, const Options& o);
    int addKeyDeskService(const Connection& c, const QString& typedUrl);
    // Fills the token URL, the client authentication and (if none was given) the scope from the issuer's
    // metadata; says what it found on stdout.
    int discover(const QString& issuer, bool authGiven, ProviderSettings& provider);

    CliSession& m_session;
    CliOutput& m_io;
};

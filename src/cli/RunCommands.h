#pragma once

#include "CliOutput.h"
#include "core/SecretReference.h"

#include <QList>
#include <QPair>
#include <QStringList>

class CliSession;

// Hands secrets and tokens to programs without writing them down: `keydesk-cli run` starts a program with
// them in its environment (tokens fetched fresh), forwards stdin, signals and its exit status, and by default
// conceals every value in its output; `keydesk-cli read` prints one value for a script. Nothing goes to disk
// or into any process's command line.
class RunCommands
{
public:
    RunCommands(CliSession& session, CliOutput& io) : m_session(session), m_io(io) {}

    int read(const QStringList& args);
    int run(const QStringList& args);

private:
    struct Value
    {
        SecretBytes bytes;
        QString user; // the key or client id it goes with (HTTP Basic prints the two together)
    };
    struct Handed
    {
        QString name;
        Value value;
    };
    Expected<Value> valueOf(const SecretReference& reference);
    // NAME=value lines; a keydesk:// value is a reference to resolve, anything else is passed on as it is.
    static Expected<QList<QPair<QString, QString>>> readEnvFile(const QString& path);
    int start(const QStringList& command, const QList<Handed>& values,
              const QList<QPair<QString, QString>>& plain, bool masking);

    CliSession& m_session;
    CliOutput& m_io;
};

#pragma once

#include "CliExit.h"
#include "CliOutput.h"
#include "CliSession.h"
#include "ConnectionCommands.h"
#include "KeyCommands.h"
#include "RunCommands.h"
#include "TeamCommands.h"
#include "core/Connection.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"
#include "net/ServiceClient.h"
#include "usecases/CredentialTarget.h"

#include <QStringList>
#include <optional>

class QCommandLineParser;
#include <QTextStream>

// keydesk-cli: the app's operations without a GUI, on the same inventory, keychain and service code
// (like keepassxc-cli beside keepassxc). Secrets are read from stdin, never from argv.
class KeyDeskCli
{
public:
    // `makeLocalService` makes the Local connection's service (EmbeddedService), started when a command needs
    // it.
    KeyDeskCli(QTextStream& out, QTextStream& err, QTextStream& in,
               CliSession::LocalServiceFactory makeLocalService);
    ~KeyDeskCli();

    int run(const QStringList& arguments); // arguments.first() is the program

private:
    int token(const QStringList& args);
    int test(const QStringList& args);
    int import(const QStringList& args);
    // private_key_jwt: a new key pair, or a PEM from a file or stdin, as PKCS#8.
    Expected<SecretBytes> privateKeyFrom(bool generate, const QString& algorithm, const QString& file);
    int publicKey(const QStringList& args);
    int printPublicKey(const CliSession::Target& target, const QString& format);

    int fail(const Error& error);
    int usage(const QString& message);
    // Parses a command's options; an exit code when that already answered (bad usage, or --help shown).
    std::optional<int> parseOrAnswer(QCommandLineParser& parser, const QStringList& args);
    SecretBytes readSecretFromStdin(const QString& prompt);

    QTextStream& m_out;
    QTextStream& m_err;
    QTextStream& m_in;
    CliSession m_session;
    CliOutput m_io;
    TeamCommands m_team;
    ConnectionCommands m_connections;
    RunCommands m_run;
    KeyCommands m_keys;
};

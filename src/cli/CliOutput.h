#pragma once

#include "CliExit.h"
#include "core/Error.h"
#include "core/SecretBytes.h"

#include <QStringList>
#include <QTextStream>
#include <optional>

class QCommandLineParser;

// How every keydesk-cli command talks: results on `out`, problems on `err` (sanitised: messages quote servers
// and the inventory), the exit code docs/cli.md promises, and secrets read from `in` (never from argv).
class CliOutput
{
public:
    CliOutput(QTextStream& out, QTextStream& err, QTextStream& in) : m_out(out), m_err(err), m_in(in) {}

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    // Data in a format for programs (CSV, JSON): exactly as formatted when it goes to a file or a pipe; at a
    // terminal, sanitised as every other text is (a description must not retitle or clear anyone's terminal).
    void printData(const QString& text);
    int fail(const Error& error);
    int usage(const QString& message);
    // Parses a command's options; an exit code when that already answered (bad usage, or --help shown).
    std::optional<int> parseOrAnswer(QCommandLineParser& parser, const QStringList& args);
    // A usage error when more than `allowed` arguments were given besides the options: a word too many is a
    // mistake to point out, not something to ignore.
    std::optional<int> refuseExtraArguments(const QCommandLineParser& parser, int allowed);
    // One line from stdin; at a terminal `prompt` goes to stderr and nothing typed is echoed.
    SecretBytes readSecret(const QString& prompt);

private:
    QString m_command = QStringLiteral("keydesk-cli"); // whose --help a usage error points to
    QTextStream& m_out;
    QTextStream& m_err;
    QTextStream& m_in;
};

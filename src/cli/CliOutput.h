#pragma once

#include "CliExit.h"
#include "core/Error.h"

#include <QStringList>
#include <QTextStream>
#include <optional>

class QCommandLineParser;

// How every keydesk-cli command answers: results on `out`, problems on `err` (sanitised: messages quote
// servers and the inventory), and the exit code docs/cli.md promises.
class CliOutput
{
public:
    CliOutput(QTextStream& out, QTextStream& err) : m_out(out), m_err(err) {}

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    int fail(const Error& error);
    int usage(const QString& message);
    // Parses a command's options; an exit code when that already answered (bad usage, or --help shown).
    std::optional<int> parseOrAnswer(QCommandLineParser& parser, const QStringList& args);

private:
    QTextStream& m_out;
    QTextStream& m_err;
};

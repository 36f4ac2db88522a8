#include "CliOutput.h"

#include "core/TerminalText.h"

#include <QCommandLineParser>

int CliOutput::fail(const Error& error)
{
    m_err << "keydesk-cli: " << TerminalText::sanitized(error.message());
    if (!error.detail().isEmpty())
        m_err << " (" << TerminalText::sanitized(error.detail()) << ')';
    m_err << Qt::endl;
    return int(exitFor(error));
}

std::optional<int> CliOutput::parseOrAnswer(QCommandLineParser& parser, const QStringList& args)
{
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        m_out << parser.helpText();
        return int(CliExit::Ok);
    }
    return std::nullopt;
}

int CliOutput::usage(const QString& message)
{
    m_err << "keydesk-cli: " << message << "\nTry keydesk-cli --help." << Qt::endl;
    return int(CliExit::Usage);
}

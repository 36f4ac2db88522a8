#include "CliOutput.h"

#include "HiddenInput.h"
#include "core/TerminalText.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <unistd.h>

int CliOutput::fail(const Error& error)
{
    m_err << "keydesk-cli: " << TerminalText::sanitized(error.message());
    if (!error.detail().isEmpty())
        m_err << " (" << TerminalText::sanitized(error.detail()) << ')';
    m_err << Qt::endl;
    return int(exitFor(error));
}

void CliOutput::printData(const QString& text)
{
    if (!::isatty(STDOUT_FILENO)) {
        m_out << text;
        return;
    }
    QString lines = text;
    lines.replace(QLatin1String("\r\n"), QLatin1String("\n")); // CSV's line ends, as a terminal shows them
    m_out << TerminalText::sanitized(lines, TerminalText::Lines::Keep);
}

std::optional<int> CliOutput::parseOrAnswer(QCommandLineParser& parser, const QStringList& args)
{
    if (!args.isEmpty())
        m_command = args.first(); // "keydesk-cli keys": its own help says what it takes
    if (!parser.parse(args))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        // Qt names the program by the path it was started with; the reader needs the command itself.
        QString help = parser.helpText();
        const QString program =
            QStringLiteral(" ") + QCoreApplication::arguments().value(0) + QLatin1Char(' ');
        const int usageEnd = help.indexOf(QLatin1Char('\n'));
        const int at = help.indexOf(program);
        if (!m_command.isEmpty() && at >= 0 && at < usageEnd)
            help.replace(at, program.size(), QLatin1Char(' ') + m_command + QLatin1Char(' '));
        m_out << help;
        return int(CliExit::Ok);
    }
    return std::nullopt;
}

std::optional<int> CliOutput::refuseExtraArguments(const QCommandLineParser& parser, int allowed)
{
    const QStringList given = parser.positionalArguments();
    if (given.size() <= allowed)
        return std::nullopt;
    return usage(QCoreApplication::translate("CliOutput", "Unexpected argument \u201C%1\u201D.")
                     .arg(TerminalText::sanitized(given.at(allowed))));
}

int CliOutput::usage(const QString& message)
{
    m_err << "keydesk-cli: " << message << "\nTry " << m_command << " --help." << Qt::endl;
    return int(CliExit::Usage);
}

SecretBytes CliOutput::readSecret(const QString& prompt)
{
    const HiddenInput hidden(STDIN_FILENO);
    if (hidden.isTerminal()) // typed or pasted by a person: ask, and show nothing of it
        m_err << prompt << ' ' << Qt::flush;
    QString line = m_in.readLine();
    SecretBytes secret = SecretBytes::fromUtf8(line.trimmed());
    SecretBytes::wipe(line);
    return secret;
}

#include "RunCommands.h"

#include "CliSession.h"
#include "SignalRelay.h"
#include "core/OutputMasker.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "usecases/RequestToken.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <unistd.h>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RunCommands", text);
}

bool isVariableName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return valid.match(name).hasMatch();
}

void writeAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n <= 0 && errno != EINTR)
            return; // the reader went away: nothing more to do with the output
        done += n > 0 ? n : 0;
    }
}

constexpr qint64 kMaxEnvFileBytes = 1024 * 1024;

} // namespace

int RunCommands::read(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Print one secret or token for a script: keydesk-cli read "
                                   "keydesk://<connection>/<credential>[/secret|/token]."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("reference"),
                            tr("keydesk://<connection>/<credential>[/secret|/token]"));
    const QCommandLineOption reveal(QStringLiteral("reveal"), tr("Print a secret even to a terminal"));
    p.addOption(reveal);
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    if (p.positionalArguments().size() != 1)
        return m_io.usage(tr("read takes one keydesk:// reference."));
    auto reference = SecretReference::parseShort(p.positionalArguments().first());
    if (!reference)
        return m_io.usage(reference.error().message());
    // A secret on a screen stays in the scrollback and in screenshots: only when asked.
    if (reference.value().part != SecretReference::Part::Token && ::isatty(STDOUT_FILENO) && !p.isSet(reveal))
        return m_io.usage(
            tr("That would show the value on this terminal; add --reveal, or pipe it to the program "
               "that needs it."));
    if (auto opened = m_session.openInventory(); !opened)
        return m_io.fail(opened.error());
    auto value = valueOf(reference.value());
    if (!value)
        return m_io.fail(value.error());
    m_io.out().flush();
    writeAll(STDOUT_FILENO, value.value().bytes.toByteArray() + (::isatty(STDOUT_FILENO) ? "\n" : ""));
    return int(CliExit::Ok);
}

int RunCommands::run(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("Run a program with secrets and tokens in its environment: keydesk-cli run "
           "--env API_KEY=<credential>[:secret|:token] -- program arguments\u2026"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("command"), tr("The program and its arguments, after --"));
    const QCommandLineOption env(QStringLiteral("env"), tr("NAME=<credential>[:secret|:token] (repeatable)"),
                                 tr("assignment"));
    const QCommandLineOption envFile(
        QStringLiteral("env-file"),
        tr("A .env file; keydesk://<connection>/<credential>[/secret|/token] values "
           "are resolved, the rest passed on as they are (repeatable)"),
        tr("file"));
    const QCommandLineOption noMasking(QStringLiteral("no-masking"),
                                       tr("Do not conceal the values in the program's output"));
    p.addOptions({env, envFile, noMasking});
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    const QStringList command = p.positionalArguments();
    if (command.isEmpty())
        return m_io.usage(tr("Name the program to run after --."));
    if (auto opened = m_session.openInventory(); !opened)
        return m_io.fail(opened.error());

    // Every assignment first: an unknown credential stops before anything runs.
    QList<QPair<QString, SecretReference>> wanted;
    QList<QPair<QString, QString>> plain;
    for (const QString& path : p.values(envFile)) {
        auto lines = readEnvFile(path);
        if (!lines)
            return m_io.fail(lines.error());
        for (const auto& [name, value] : lines.value()) {
            if (!SecretReference::isUri(value)) {
                plain.append({name, value});
                continue;
            }
            auto reference = SecretReference::parseUri(value);
            if (!reference)
                return m_io.usage(reference.error().message());
            wanted.append({name, reference.value()});
        }
    }
    for (const QString& assignment : p.values(env)) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        const QString name = assignment.left(equals);
        if (equals <= 0 || !isVariableName(name))
            return m_io.usage(tr("--env takes NAME=<credential>[:secret|:token], with NAME made of letters, "
                                 "digits and _; not \u201C%1\u201D.")
                                  .arg(assignment.left(80)));
        auto reference = SecretReference::parseShort(assignment.mid(equals + 1));
        if (!reference)
            return m_io.usage(reference.error().message());
        wanted.append({name, reference.value()});
    }
    if (wanted.isEmpty())
        return m_io.usage(tr("Give at least one --env or an --env-file with a keydesk:// value."));
    QList<Handed> values;
    for (const auto& [name, reference] : wanted) {
        auto value = valueOf(reference);
        if (!value)
            return m_io.fail(value.error());
        values.append({name, std::move(value).value()});
    }
    return start(command, values, plain, !p.isSet(noMasking));
}

Expected<QList<QPair<QString, QString>>> RunCommands::readEnvFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(Error::Kind::InvalidInput, tr("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > kMaxEnvFileBytes)
        return Error(Error::Kind::InvalidInput,
                     tr("%1 is larger than 1 MB; it is not an .env file.").arg(path));
    QList<QPair<QString, QString>> lines;
    int number = 0;
    for (const QByteArray& raw : file.read(kMaxEnvFileBytes).split('\n')) {
        ++number;
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7).trimmed();
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString name = line.left(equals).trimmed();
        if (equals <= 0 || !isVariableName(name))
            return Error(Error::Kind::InvalidInput,
                         tr("%1, line %2: write NAME=value (NAME made of letters, digits and _).")
                             .arg(path)
                             .arg(number));
        QString value = line.mid(equals + 1).trimmed();
        if (value.size() >= 2 &&
            (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\''))) &&
            value.endsWith(value.front()))
            value = value.mid(1, value.size() - 2);
        lines.append({name, value});
    }
    return lines;
}

Expected<RunCommands::Value> RunCommands::valueOf(const SecretReference& reference)
{
    std::optional<qint64> connectionId;
    if (!reference.connection.isEmpty()) {
        auto connection = m_session.findConnection(reference.connection);
        if (!connection)
            return connection.error();
        connectionId = connection.value().id;
    }
    auto target = m_session.findTarget(reference.credential, connectionId);
    if (!target)
        return target.error();
    const Credential& credential = target.value().credential;
    const Connection::Kind kind = target.value().connection.kind;
    const bool token =
        reference.part == SecretReference::Part::Token ||
        (reference.part == SecretReference::Part::Default && kind == Connection::Kind::OAuth2Provider);
    if (!token && target.value().connection.signsWithKey()) // what signs stays where it is kept
        return Error(Error::Kind::InvalidInput,
                     tr("\u201C%1\u201D signs with a private key, which never leaves the OS keychain: ask "
                        "for a token instead (:token, or /token in a keydesk:// reference).")
                         .arg(credential.name));
    if (!token) {
        auto secret = m_session.readSecret(credential.keychainAccount());
        if (!secret)
            return RequestToken::secretUnavailable(credential, secret.error());
        return Value{std::move(secret).value(), credential.keyId};
    }
    if (kind == Connection::Kind::ApiKeyProvider)
        return Error(Error::Kind::InvalidInput,
                     tr("\u201C%1\u201D is an API key: it has no token. Ask for its secret (:secret).")
                         .arg(credential.name));
    auto resolved = m_session.resolve(target.value());
    if (!resolved)
        return resolved.error();
    auto issued = m_session.requestToken(resolved.value());
    if (!issued)
        return issued.error();
    return Value{std::move(issued).value().token, QString()};
}

int RunCommands::start(const QStringList& command, const QList<Handed>& values,
                       const QList<QPair<QString, QString>>& plain, bool masking)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto& [name, value] : plain)
        environment.insert(name, value);
    QList<QByteArray> concealed;
    for (const auto& [name, value] : values) {
        environment.insert(name, value.bytes.toUtf8String());
        QByteArray bytes = value.bytes.toByteArray();
        concealed << OutputMasker::printedForms(bytes, value.user.toUtf8());
        SecretBytes::wipe(bytes);
    }
    QProcess child;
    child.setProcessEnvironment(environment);
    child.setInputChannelMode(QProcess::ForwardedInputChannel);
    child.setProcessChannelMode(masking ? QProcess::SeparateChannels : QProcess::ForwardedChannels);
    OutputMasker out(concealed);
    OutputMasker err(concealed);
    for (QByteArray& c : concealed)
        SecretBytes::wipe(c);
    QObject::connect(&child, &QProcess::readyReadStandardOutput, &child,
                     [&] { writeAll(STDOUT_FILENO, out.feed(child.readAllStandardOutput())); });
    QObject::connect(&child, &QProcess::readyReadStandardError, &child,
                     [&] { writeAll(STDERR_FILENO, err.feed(child.readAllStandardError())); });
    SignalRelay relay;
    m_io.out().flush();
    m_io.err().flush();
    child.start(command.first(), command.mid(1));
    if (!child.waitForStarted(10000)) {
        m_io.err() << "keydesk-cli: " << tr("cannot start %1: %2").arg(command.first(), child.errorString())
                   << Qt::endl;
        return 127; // as a shell says for a program it cannot find
    }
    relay.relayTo(pid_t(child.processId()));
    QEventLoop wait;
    QObject::connect(&child, &QProcess::finished, &wait, &QEventLoop::quit);
    if (child.state() != QProcess::NotRunning)
        wait.exec();
    relay.relayTo(0);
    writeAll(STDOUT_FILENO, out.feed(child.readAllStandardOutput()) + out.finish());
    writeAll(STDERR_FILENO, err.feed(child.readAllStandardError()) + err.finish());
    // A shell's convention: killed by signal N is 128 + N.
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 128 + child.exitCode();
}

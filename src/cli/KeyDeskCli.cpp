#include "KeyDeskCli.h"

#include "TeamCommands.h"
#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"
#include "core/SecretStore.h"
#include "core/TerminalText.h"
#include "core/UrlPolicy.h"
#include "net/ClientAssertion.h"
#include "net/ServiceClient.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"
#include "usecases/ClientKey.h"
#include "usecases/ConnectService.h"
#include "usecases/EditProvider.h"
#include "usecases/ImportCredential.h"
#include "usecases/RemoveConnection.h"
#include "usecases/TestCredential.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QStandardPaths>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("KeyDeskCli", text);
}

const char* const kUsage =
    "Usage: keydesk-cli <command> [options]\n\n"
    "Commands:\n"
    "  connections [list]                       list connections\n"
    "  connections show <name> [--format text|json]   how a connection is reached\n"
    "  connections set <name> [--name NEW] [--url URL | --issuer URL] [--auth A] [--body form|json]\n"
    "                  [--header 'K: V']... [--scope S] [--audience A] [--assertion-audience A]\n"
    "                  [--test-url URL --test-header H --expect N]\n"
    "                                           rename a connection, or change how a provider is reached\n"
    "  connections remove <name>                forget a connection and its secrets on this computer\n"
    "  connections add --type keydesk|oauth2|apikey --name N --url URL (oauth2: or --issuer URL)\n"
    "                  [--auth basic|basic-raw|post|json|private_key_jwt] [--body form|json]\n"
    "                  [--header 'K: V']... [--scope S] [--audience A] [--assertion-audience A]\n"
    "                  [--test-url URL --test-header x-api-key|bearer --expect 204]\n"
    "                                           (keydesk: your token read from stdin)\n"
    "  keys list [--connection C] [--project P] [--format table|json|csv] [--offline]\n"
    "  keys create --name N [--expires 7|30|90|180|365|never (default 30)] [--description D] [--connection "
    "C]\n"
    "              [--project P] [--no-store]\n"
    "  keys deactivate|activate|delete <key-id or name> [--connection C]\n"
    "  keys rotate <key-id or name> [--no-store] [--connection C]\n"
    "                                           create its successor; retire the old key once deployed\n"
    "  token --credential C [--format json|header|raw]\n"
    "  test --credential C\n"
    "  import --connection C --client-id ID [--name N] [--expires YYYY-MM-DD]\n"
    "         [--generate-key [--alg ES256|RS256] | --private-key FILE|-]\n"
    "                                           a vendor credential: its secret read from stdin, or for\n"
    "                                           private_key_jwt a key pair kept in the keychain (JWKS\n"
    "                                           printed); the same client id again replaces its secret\n"
    "  public-key --credential C [--format jwks|jwk|pem]   a private_key_jwt credential's public key\n"
    "  run --env NAME=<credential>[:secret|:token]... [--env-file F] [--no-masking] -- program args\n"
    "                                           start a program with secrets or fresh tokens in its\n"
    "                                           environment, concealed in its output\n"
    "  read keydesk://<connection>/<credential>[/secret|/token] [--reveal]   print one value\n"
    "  projects [list] [--connection C]         a KeyDesk service's projects and how many keys each has\n"
    "  projects create --name N | rename <project> --name N | delete <project> [--yes]\n"
    "                                           manage projects (admin role)\n"
    "  events [--key ID] [--connection C] [--project P] [--limit N] [--format table|json|csv]\n"
    "                                           the audit trail: who did what, when, from where\n"
    "  whoami [--connection C]                  who you are signed in as on a service, and your role\n\n"
    "Run keydesk-cli <command> --help for a command's options.\n\n"
    "Options:\n"
    "  -h, --help                               this help\n"
    "  -V, --version                            the version\n\n"
    "Exit codes: 0 ok, 1 usage, 2 authentication refused, 3 network, 4 keychain, 5 storage,\n"
    "6 the service refused (not found, conflict, limit, server error).\n";

} // namespace

KeyDeskCli::KeyDeskCli(QTextStream& out, QTextStream& err, QTextStream& in,
                       CliSession::LocalServiceFactory makeLocalService)
    : m_out(out), m_err(err), m_in(in), m_session(std::move(makeLocalService)), m_io(out, err, in),
      m_team(m_session, m_io), m_connections(m_session, m_io), m_run(m_session, m_io),
      m_keys(m_session, m_io, m_team)
{}

KeyDeskCli::~KeyDeskCli() = default;

int KeyDeskCli::fail(const Error& error)
{
    return m_io.fail(error);
}

std::optional<int> KeyDeskCli::parseOrAnswer(QCommandLineParser& parser, const QStringList& args)
{
    return m_io.parseOrAnswer(parser, args);
}

int KeyDeskCli::usage(const QString& message)
{
    return m_io.usage(message);
}

int KeyDeskCli::run(const QStringList& arguments)
{
    const QStringList args = arguments.mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        m_out << kUsage;
        return args.isEmpty() ? int(CliExit::Usage) : int(CliExit::Ok);
    }
    if (args.first() == QLatin1String("--version") || args.first() == QLatin1String("-V")) {
        m_out << "keydesk-cli " << QCoreApplication::applicationVersion() << '\n';
        return int(CliExit::Ok);
    }
    const QString command = args.first();
    const QStringList rest = QStringList{QStringLiteral("keydesk-cli ") + command} + args.mid(1);
    if (command == QLatin1String("connections"))
        return m_connections.run(rest);
    if (command == QLatin1String("keys"))
        return m_keys.run(rest);
    if (command == QLatin1String("token"))
        return token(rest);
    if (command == QLatin1String("test"))
        return test(rest);
    if (command == QLatin1String("import"))
        return import(rest);
    if (command == QLatin1String("projects"))
        return m_team.projects(rest);
    if (command == QLatin1String("events"))
        return m_team.events(rest);
    if (command == QLatin1String("whoami"))
        return m_team.whoami(rest);
    if (command == QLatin1String("public-key"))
        return publicKey(rest);
    if (command == QLatin1String("run"))
        return m_run.run(rest);
    if (command == QLatin1String("read"))
        return m_run.read(rest);
    return usage(tr("unknown command \u201C%1\u201D.").arg(command));
}

SecretBytes KeyDeskCli::readSecretFromStdin(const QString& prompt)
{
    return m_io.readSecret(prompt);
}

int KeyDeskCli::token(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("Exchange a credential's id and secret (from the OS keychain) for an access token."));
    p.addHelpOption();
    const QCommandLineOption credential(QStringLiteral("credential"), tr("Key id or name"), tr("credential"));
    const QCommandLineOption format(QStringLiteral("format"), tr("json, header or raw"), tr("format"),
                                    QStringLiteral("json"));
    p.addOptions({credential, format});
    if (const auto answered = parseOrAnswer(p, args))
        return *answered;
    if (const auto extra = m_io.refuseExtraArguments(p, 0))
        return *extra;
    const QString f = p.value(format);
    if (f != QLatin1String("json") && f != QLatin1String("header") && f != QLatin1String("raw"))
        return usage(tr("--format must be json, header or raw."));
    auto target = m_session.resolve(p.value(credential));
    if (!target)
        return fail(target.error());
    auto issued = m_session.requestToken(target.value());
    if (!issued)
        return fail(issued.error());
    const QString token = issued.value().token.toUtf8String();
    if (f == QLatin1String("raw")) {
        m_out << token << Qt::endl;
    } else if (f == QLatin1String("header")) {
        m_out << "Authorization: Bearer " << token << Qt::endl;
    } else {
        QJsonObject o{{QStringLiteral("access_token"), token},
                      {QStringLiteral("token_type"), issued.value().tokenType}};
        if (issued.value().expiresInSeconds)
            o.insert(QStringLiteral("expires_in"), *issued.value().expiresInSeconds);
        m_io.printData(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)) +
                       QLatin1Char('\n'));
    }
    return int(CliExit::Ok);
}

int KeyDeskCli::test(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr("Send the credential's test call and explain the answer."));
    p.addHelpOption();
    const QCommandLineOption credential(QStringLiteral("credential"), tr("Key id or name"), tr("credential"));
    p.addOption(credential);
    if (const auto answered = parseOrAnswer(p, args))
        return *answered;
    if (const auto extra = m_io.refuseExtraArguments(p, 0))
        return *extra;
    auto target = m_session.resolve(p.value(credential));
    if (!target)
        return fail(target.error());
    TokenClient tokens(m_session.network());
    tokens.setDeadlineMs(m_session.deadlineMs());
    TestCall call(m_session.network());
    call.setDeadlineMs(m_session.deadlineMs());
    TestCredential test(m_session.keychain(), tokens, call, m_session.store());
    auto tested = m_session.await<TestResult>([&](auto done) { test.run(target.value(), done); });
    if (!tested)
        return fail(tested.error());
    const TestResult& result = tested.value();
    m_out << TerminalText::sanitized(result.summary) << '\n'
          << TerminalText::sanitized(result.explanation) << Qt::endl;
    if (result.passed)
        return int(CliExit::Ok);
    if (result.status == 0)
        return int(CliExit::Network);
    return int(result.status == 401 || result.status == 403 ? CliExit::Auth : CliExit::Service);
}

int KeyDeskCli::import(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("Add a vendor credential to a provider connection; the secret is read from standard "
           "input and kept in the OS keychain."));
    p.addHelpOption();
    const QCommandLineOption connection(QStringLiteral("connection"), tr("Provider connection name or id"),
                                        tr("connection"));
    const QCommandLineOption clientId(QStringLiteral("client-id"), tr("Client id / key id"), tr("id"));
    const QCommandLineOption name(
        QStringLiteral("name"),
        tr("Name in the inventory (default: the client id; when replacing a secret, "
           "the name it has)"),
        tr("name"));
    const QCommandLineOption expires(QStringLiteral("expires"), tr("Expiry date the vendor gave, YYYY-MM-DD"),
                                     tr("date"));
    const QCommandLineOption generateKey(
        QStringLiteral("generate-key"),
        tr("private_key_jwt: make a key pair here, keep the private key in the OS "
           "keychain and print the public JWKS for the vendor"));
    const QCommandLineOption algorithm(QStringLiteral("alg"), tr("With --generate-key: RS256 or ES256"),
                                       tr("algorithm"), QStringLiteral("ES256"));
    const QCommandLineOption privateKey(
        QStringLiteral("private-key"),
        tr("private_key_jwt: a PEM private key from this file, or - for stdin (an "
           "encrypted file's passphrase is then read from stdin)"),
        tr("file"));
    p.addOptions({connection, clientId, name, expires, generateKey, algorithm, privateKey});
    if (const auto answered = parseOrAnswer(p, args))
        return *answered;
    if (const auto extra = m_io.refuseExtraArguments(p, 0))
        return *extra;
    if (p.value(clientId).isEmpty())
        return usage(tr("--client-id is required."));
    if (p.isSet(name)) {
        if (const auto check = KeyNameValidator::validate(p.value(name)); !check.ok())
            return usage(check.message);
    }
    QDateTime expiry;
    if (p.isSet(expires)) {
        const QDate date = QDate::fromString(p.value(expires), Qt::ISODate);
        if (!date.isValid())
            return usage(tr("--expires must be a date such as 2027-01-31."));
        expiry = QDateTime(date, QTime(0, 0), Qt::UTC);
    }
    if (auto opened = m_session.openInventory(); !opened)
        return fail(opened.error());
    auto target = m_session.findConnection(p.value(connection));
    if (!target)
        return fail(target.error());
    if (target.value().kind == Connection::Kind::KeyDeskService)
        return usage(tr("Keys of a KeyDesk service are created with keys create, not imported."));
    const bool keyBased = target.value().signsWithKey();
    if (p.isSet(generateKey) && p.isSet(privateKey))
        return usage(tr("Give --generate-key or --private-key, not both."));
    if (keyBased != (p.isSet(generateKey) || p.isSet(privateKey)))
        return usage(keyBased ? tr("%1 uses private_key_jwt: give --generate-key or --private-key.")
                                    .arg(TerminalText::sanitized(target.value().name))
                              : tr("--generate-key and --private-key are for private_key_jwt connections."));
    auto read = keyBased ? privateKeyFrom(p.isSet(generateKey), p.value(algorithm), p.value(privateKey))
                         : Expected<SecretBytes>(readSecretFromStdin(tr("Secret (input hidden):")));
    if (!read)
        return fail(read.error());
    SecretBytes secret = std::move(read).value();
    if (secret.isEmpty())
        return usage(tr("Give the secret on standard input."));
    ImportCredential::Request request{target.value(), p.value(clientId), p.value(name), std::move(secret),
                                      expiry};
    if (auto checked = ImportCredential::check(request); !checked)
        return usage(checked.error().message());
    ImportCredential import(m_session.store(), m_session.keychain());
    auto saved = m_session.await<Credential>([&](auto done) { import.run(std::move(request), done); });
    if (!saved)
        return fail(saved.error());
    if (keyBased) // the public half, for the vendor's console; the private key stays in the keychain
        return printPublicKey({saved.value(), target.value()}, QStringLiteral("jwks"));
    if (import.replaced()) {
        m_out << tr("Replaced the secret of \u201C%1\u201D (%2) in %3; its name and expiry are kept.")
                     .arg(TerminalText::sanitized(saved.value().name),
                          TerminalText::sanitized(saved.value().keyId),
                          TerminalText::sanitized(target.value().name))
              << Qt::endl;
        return int(CliExit::Ok);
    }
    m_out << tr("Imported %1 into %2; its secret is in the OS keychain.")
                 .arg(TerminalText::sanitized(saved.value().keyId),
                      TerminalText::sanitized(target.value().name))
          << Qt::endl;
    return int(CliExit::Ok);
}

Expected<SecretBytes> KeyDeskCli::privateKeyFrom(bool generate, const QString& algorithm, const QString& file)
{
    ClientKey::Source source;
    source.generate = generate;
    if (generate) {
        const auto chosen = ClientAssertion::algorithmFromName(algorithm);
        if (!chosen)
            return Error(Error::Kind::InvalidInput, tr("--alg must be RS256 or ES256."));
        source.algorithm = *chosen;
        return ClientKey::make(source);
    }
    QByteArray pem;
    if (file == QLatin1String("-")) {
        QString text = m_in.read(ClientKey::MaxPemBytes + 1); // bounded: stdin may be endless
        pem = text.toUtf8();
        SecretBytes::wipe(text);
    } else {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            return Error(Error::Kind::InvalidInput, tr("Cannot read %1: %2").arg(file, in.errorString()));
        pem = in.read(ClientKey::MaxPemBytes + 1);
    }
    source.pem = SecretBytes(pem);
    SecretBytes::wipe(pem);
    if (ClientKey::isEncrypted(source.pem) && file != QLatin1String("-"))
        source.passphrase = readSecretFromStdin(tr("Passphrase of the private key (input hidden):"));
    return ClientKey::make(source);
}

int KeyDeskCli::publicKey(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("Print a private_key_jwt credential's public key, for the vendor's console."));
    p.addHelpOption();
    const QCommandLineOption credential(QStringLiteral("credential"), tr("Key id or name"), tr("credential"));
    const QCommandLineOption format(QStringLiteral("format"), tr("jwks, jwk or pem"), tr("format"),
                                    QStringLiteral("jwks"));
    p.addOptions({credential, format});
    if (const auto answered = parseOrAnswer(p, args))
        return *answered;
    if (const auto extra = m_io.refuseExtraArguments(p, 0))
        return *extra;
    auto target = m_session.findTarget(p.value(credential));
    if (!target)
        return fail(target.error());
    if (!target.value().connection.signsWithKey())
        return usage(tr("%1 authenticates with a secret, not a key pair.")
                         .arg(TerminalText::sanitized(target.value().credential.name)));
    return printPublicKey(target.value(), p.value(format));
}

int KeyDeskCli::printPublicKey(const CliSession::Target& target, const QString& format)
{
    if (format != QLatin1String("jwks") && format != QLatin1String("jwk") && format != QLatin1String("pem"))
        return usage(tr("--format must be jwks, jwk or pem."));
    auto key = m_session.await<ClientAssertion::PublicKey>([&](auto done) {
        ClientKey::readPublicKey(m_session.keychain(), target.connection, target.credential, done);
    });
    if (!key)
        return fail(key.error());
    if (format == QLatin1String("pem"))
        m_out << QString::fromLatin1(key.value().pem);
    else
        m_out << QJsonDocument(format == QLatin1String("jwk") ? key.value().jwk
                                                              : ClientAssertion::jwks(key.value()))
                     .toJson(QJsonDocument::Indented);
    return int(CliExit::Ok);
}

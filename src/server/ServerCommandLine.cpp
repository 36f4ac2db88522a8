#include "ServerCommandLine.h"

#include "service/PeopleDirectory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <algorithm>

namespace {

Error usage(const QString& message)
{
    return {Error::Kind::InvalidInput, message};
}

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces on IPv4).
bool parseListen(const QString& text, HttpServerConfig& http)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    QString host = text.left(colon);
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return false;
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        host = QStringLiteral("0.0.0.0");
    if (QHostAddress(host).isNull() && host != QLatin1String("localhost"))
        return false;
    http.host = host;
    http.port = port;
    return true;
}

// `users list|add|set-role|remove` with the --name and --role each needs.
Expected<void> parseUsersCommand(const QString& action, const QString& name, const QString& role,
                                 ServerCommandLine& cl)
{
    using Command = ServerCommandLine::Command;
    const QList<std::pair<QString, Command>> actions = {{QStringLiteral("list"), Command::UsersList},
                                                        {QStringLiteral("add"), Command::UsersAdd},
                                                        {QStringLiteral("set-role"), Command::UsersSetRole},
                                                        {QStringLiteral("remove"), Command::UsersRemove}};
    auto found =
        std::find_if(actions.begin(), actions.end(), [&](const auto& a) { return a.first == action; });
    if (found == actions.end())
        return usage(
            QCoreApplication::translate("ServerCommandLine", "users wants list, add, set-role or remove."));
    cl.command = found->second;
    if (cl.command == Command::UsersList)
        return {};
    if (!PeopleDirectory::isValidName(name))
        return usage(QCoreApplication::translate(
                         "ServerCommandLine",
                         "users %1 wants --name: a letter, then up to 63 letters, digits or . _ @ + -.")
                         .arg(action));
    cl.userName = name;
    if (cl.command == Command::UsersRemove)
        return {};
    const auto parsedRole = roleFromString(role);
    if (!parsedRole)
        return usage(QCoreApplication::translate("ServerCommandLine",
                                                 "users %1 wants --role owner, admin, support or viewer.")
                         .arg(action));
    cl.userRole = *parsedRole;
    return {};
}

} // namespace

Expected<ServerCommandLine> ServerCommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "ServerCommandLine",
        "KeyDesk credential service: API keys and OAuth2 client-credentials tokens.\n\n"
        "Commands:\n"
        "  serve               serve the API (default)\n"
        "  init                create the database and print a new admin token once\n"
        "  rotate-admin-token  replace the admin token and print the new one once\n"
        "  rotate-signing-key  sign tokens with a new key from now on (tokens signed\n"
        "                      with older keys stay valid until they expire)\n"
        "  users list          the people who may use the admin API, with their roles\n"
        "  users add           add a person (--name, --role) and print their personal\n"
        "                      token once\n"
        "  users set-role      change a person's role (--name, --role)\n"
        "  users remove        remove a person (--name); their token stops working at once\n\n"
        "Roles: viewer reads projects, keys and events; support also activates and\n"
        "deactivates keys; admin also creates and deletes keys and projects; owner also\n"
        "manages people."));
    p.addPositionalArgument(
        QStringLiteral("command"),
        QCoreApplication::translate("ServerCommandLine",
                                    "serve, init, rotate-admin-token, rotate-signing-key or users"),
        QStringLiteral("[command]"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("ServerCommandLine", "Show this help."));
    const QCommandLineOption version({QStringLiteral("V"), QStringLiteral("version")},
                                     QCoreApplication::translate("ServerCommandLine", "Show the version."));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QCoreApplication::translate("ServerCommandLine",
                                    "SQLite file, or postgresql://user@host:port/db?sslmode=verify-full&... "
                                    "with any libpq parameter (default: ./keydesk-server.sqlite)."),
        QCoreApplication::translate("ServerCommandLine", "path|url"),
        QStringLiteral("keydesk-server.sqlite"));
    const QCommandLineOption passwordFile(
        QStringLiteral("database-password-file"),
        QCoreApplication::translate("ServerCommandLine",
                                    "PostgreSQL password, first line of an owner-only file (else PGPASSWORD "
                                    "or ~/.pgpass; a password in the URL shows in the process list)."),
        QCoreApplication::translate("ServerCommandLine", "file"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QCoreApplication::translate("ServerCommandLine", "Address and port (default 127.0.0.1:8080)."),
        QCoreApplication::translate("ServerCommandLine", "host:port"), QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption allowInsecureHttp(
        QStringLiteral("allow-insecure-http"),
        QCoreApplication::translate(
            "ServerCommandLine",
            "Serve plain HTTP on a non-loopback address (tokens and secrets cross the "
            "network in clear: only behind a TLS-terminating proxy on a trusted link)."));
    const QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QCoreApplication::translate("ServerCommandLine", "PEM certificate (chain) for HTTPS."),
        QCoreApplication::translate("ServerCommandLine", "file"));
    const QCommandLineOption tlsKey(
        QStringLiteral("tls-key"),
        QCoreApplication::translate("ServerCommandLine", "PEM private key for HTTPS."),
        QCoreApplication::translate("ServerCommandLine", "file"));
    const QCommandLineOption maxKeys(
        QStringLiteral("max-keys"),
        QCoreApplication::translate("ServerCommandLine", "Keys allowed per project (default 10)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("10"));
    const QCommandLineOption tokenTtl(
        QStringLiteral("token-ttl"),
        QCoreApplication::translate("ServerCommandLine", "Access token lifetime in seconds (default 3600)."),
        QCoreApplication::translate("ServerCommandLine", "seconds"), QStringLiteral("3600"));
    const QCommandLineOption tokenRate(
        QStringLiteral("token-rate"),
        QCoreApplication::translate("ServerCommandLine",
                                    "Token requests a second per key, 0 = unlimited (default 20)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("20"));
    const QCommandLineOption tokenBurst(
        QStringLiteral("token-burst"),
        QCoreApplication::translate("ServerCommandLine", "Token request burst (default 40)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("40"));
    const QCommandLineOption healthRate(
        QStringLiteral("health-rate"),
        QCoreApplication::translate("ServerCommandLine",
                                    "/health requests a second per key, 0 = unlimited (default 200)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("200"));
    const QCommandLineOption healthBurst(
        QStringLiteral("health-burst"),
        QCoreApplication::translate("ServerCommandLine", "/health burst (default 400)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("400"));
    const QCommandLineOption failureRate(
        QStringLiteral("auth-failure-rate"),
        QCoreApplication::translate("ServerCommandLine",
                                    "Failed authentications a second per source address and per key id, "
                                    "0 = unlimited (default 1)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("1"));
    const QCommandLineOption failureBurst(
        QStringLiteral("auth-failure-burst"),
        QCoreApplication::translate("ServerCommandLine", "Failed authentication burst (default 20)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("20"));
    const QCommandLineOption trustedProxy(
        QStringLiteral("trusted-proxy"),
        QCoreApplication::translate("ServerCommandLine",
                                    "A proxy's address whose X-Forwarded-For is believed for rate limits "
                                    "and logs (repeat, or separate with commas)."),
        QCoreApplication::translate("ServerCommandLine", "address"));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QCoreApplication::translate("ServerCommandLine", "Worker threads running requests (default 16)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("16"));
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QCoreApplication::translate("ServerCommandLine", "Open connections allowed in all (default 10000)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("10000"));
    const QCommandLineOption maxPerAddress(
        QStringLiteral("max-connections-per-address"),
        QCoreApplication::translate("ServerCommandLine",
                                    "Open connections allowed from one address (default 256; raise it "
                                    "behind a proxy, whose connections all come from one address)."),
        QCoreApplication::translate("ServerCommandLine", "n"), QStringLiteral("256"));
    const QCommandLineOption readTimeout(
        QStringLiteral("read-timeout"),
        QCoreApplication::translate("ServerCommandLine",
                                    "Seconds a client may take to send a request (default 5)."),
        QCoreApplication::translate("ServerCommandLine", "seconds"), QStringLiteral("5"));
    const QCommandLineOption name(
        QStringLiteral("name"),
        QCoreApplication::translate("ServerCommandLine", "A person's name, for the users commands."),
        QCoreApplication::translate("ServerCommandLine", "name"));
    const QCommandLineOption role(
        QStringLiteral("role"),
        QCoreApplication::translate("ServerCommandLine",
                                    "owner, admin, support or viewer, for the users commands."),
        QCoreApplication::translate("ServerCommandLine", "role"));
    const QCommandLineOption retention(
        QStringLiteral("event-retention-days"),
        QCoreApplication::translate("ServerCommandLine", "Days the audit trail keeps events (default 400)."),
        QCoreApplication::translate("ServerCommandLine", "days"), QStringLiteral("400"));
    const QCommandLineOption quiet(
        QStringLiteral("quiet"),
        QCoreApplication::translate("ServerCommandLine", "Do not log one line per request."));
    p.addOptions({help,          version,     database,     passwordFile,      listen,     tlsCert,
                  tlsKey,        maxKeys,     tokenTtl,     tokenRate,         tokenBurst, healthRate,
                  healthBurst,   failureRate, failureBurst, trustedProxy,      threads,    maxConnections,
                  maxPerAddress, readTimeout, quiet,        allowInsecureHttp, name,       role,
                  retention});

    ServerCommandLine cl;
    if (!p.parse(arguments))
        return usage(p.errorText());
    cl.helpText = p.helpText();
    if (p.isSet(help)) {
        cl.command = Command::Help;
        return cl;
    }
    if (p.isSet(version)) {
        cl.command = Command::Version;
        return cl;
    }
    const QStringList positional = p.positionalArguments();
    const bool users = positional.value(0) == QLatin1String("users");
    if (positional.size() > (users ? 2 : 1))
        return usage(QCoreApplication::translate("ServerCommandLine", "Give one command at most; got: %1")
                         .arg(positional.join(QLatin1Char(' '))));
    const QString command = positional.value(0, QStringLiteral("serve"));
    if (command == QLatin1String("serve"))
        cl.command = Command::Serve;
    else if (command == QLatin1String("init"))
        cl.command = Command::Init;
    else if (command == QLatin1String("rotate-admin-token"))
        cl.command = Command::RotateAdminToken;
    else if (command == QLatin1String("rotate-signing-key"))
        cl.command = Command::RotateSigningKey;
    else if (!users)
        return usage(QCoreApplication::translate("ServerCommandLine",
                                                 "Unknown command \u201C%1\u201D; use serve, init, "
                                                 "rotate-admin-token, rotate-signing-key or users.")
                         .arg(command));
    if (users) {
        auto parsed = parseUsersCommand(positional.value(1), p.value(name), p.value(role), cl);
        if (!parsed)
            return parsed.error();
    }

    cl.service.database = p.value(database);
    cl.service.createDatabase = cl.command == Command::Init;
    cl.service.databasePasswordFile = p.value(passwordFile);
    if (!parseListen(p.value(listen), cl.http))
        return usage(QCoreApplication::translate(
            "ServerCommandLine", "--listen wants host:port, for example 127.0.0.1:8080 or [::1]:8080."));
    cl.http.tlsCertificate = p.value(tlsCert);
    cl.http.tlsPrivateKey = p.value(tlsKey);
    const QHostAddress bound(cl.http.host);
    const bool loopback =
        cl.http.host == QLatin1String("localhost") || (!bound.isNull() && bound.isLoopback());
    cl.insecureHttp = !loopback && cl.http.tlsCertificate.isEmpty();
    if (cl.insecureHttp && !p.isSet(allowInsecureHttp) && cl.command == Command::Serve)
        return usage(
            QCoreApplication::translate(
                "ServerCommandLine",
                "--listen %1 would serve plain HTTP to the network: give --tls-cert and --tls-key, listen "
                "on 127.0.0.1 behind a proxy, or say --allow-insecure-http.")
                .arg(p.value(listen)));
    cl.http.logRequests = !p.isSet(quiet);
    for (const QString& value : p.values(trustedProxy)) {
        for (const QString& address : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QHostAddress proxy(address.trimmed());
            if (proxy.isNull())
                return usage(
                    QCoreApplication::translate("ServerCommandLine",
                                                "--trusted-proxy wants an IP address; got \u201C%1\u201D.")
                        .arg(address));
            cl.http.trustedProxies << proxy;
        }
    }

    struct IntOption
    {
        const QCommandLineOption* option;
        int* target;
        int minimum;
        int maximum;
    };
    for (const IntOption& o : {IntOption{&maxKeys, &cl.service.maxKeysPerProject, 1, 100000},
                               IntOption{&retention, &cl.service.eventRetentionDays, 1, 36500},
                               IntOption{&tokenTtl, &cl.service.tokenTtlSeconds, 1, 86400 * 30},
                               IntOption{&tokenBurst, &cl.service.tokenBurst, 1, 1000000},
                               IntOption{&healthBurst, &cl.service.healthBurst, 1, 1000000},
                               IntOption{&failureBurst, &cl.service.failureBurst, 1, 1000000},
                               IntOption{&threads, &cl.http.threads, 1, 4096},
                               IntOption{&maxConnections, &cl.http.maxConnections, 1, 1000000},
                               IntOption{&maxPerAddress, &cl.http.maxConnectionsPerAddress, 1, 1000000},
                               IntOption{&readTimeout, &cl.http.readTimeoutSeconds, 1, 3600}}) {
        bool ok = false;
        const int value = p.value(*o.option).toInt(&ok);
        if (!ok || value < o.minimum || value > o.maximum) {
            return usage(
                QCoreApplication::translate("ServerCommandLine", "--%1 wants a whole number from %2 to %3.")
                    .arg(o.option->names().first())
                    .arg(o.minimum)
                    .arg(o.maximum));
        }
        *o.target = value;
    }
    for (auto [option, target] : {std::pair{&tokenRate, &cl.service.tokenRatePerSecond},
                                  std::pair{&healthRate, &cl.service.healthRatePerSecond},
                                  std::pair{&failureRate, &cl.service.failureRatePerSecond}}) {
        bool ok = false;
        const double value = p.value(*option).toDouble(&ok);
        if (!ok || value < 0)
            return usage(QCoreApplication::translate("ServerCommandLine",
                                                     "--%1 wants a number of requests a second, 0 or more.")
                             .arg(option->names().first()));
        *target = value;
    }
    return cl;
}

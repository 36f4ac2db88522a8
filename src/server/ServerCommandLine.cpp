#include "ServerCommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ServerCommandLine", text);
}

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

} // namespace

Expected<ServerCommandLine> ServerCommandLine::parse(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("KeyDesk credential service: API keys and OAuth2 client-credentials tokens.\n\n"
           "Commands:\n"
           "  serve               serve the API (default)\n"
           "  init                create the database and print a new admin token once\n"
           "  rotate-admin-token  replace the admin token and print the new one once"));
    p.addPositionalArgument(QStringLiteral("command"), tr("serve, init or rotate-admin-token"),
                            QStringLiteral("[command]"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), tr("Show the version."));
    const QCommandLineOption database(QStringLiteral("database"),
                                      tr("SQLite file, or postgresql://user:password@host:port/db "
                                         "(default: ./keydesk-server.sqlite)."),
                                      tr("path|url"), QStringLiteral("keydesk-server.sqlite"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    tr("Address and port (default 127.0.0.1:8080)."), tr("host:port"),
                                    QStringLiteral("127.0.0.1:8080"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), tr("PEM certificate (chain) for HTTPS."),
                                     tr("file"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), tr("PEM private key for HTTPS."), tr("file"));
    const QCommandLineOption maxKeys(QStringLiteral("max-keys"), tr("Keys allowed per project (default 10)."),
                                     tr("n"), QStringLiteral("10"));
    const QCommandLineOption tokenTtl(QStringLiteral("token-ttl"),
                                      tr("Access token lifetime in seconds (default 3600)."), tr("seconds"),
                                      QStringLiteral("3600"));
    const QCommandLineOption tokenRate(QStringLiteral("token-rate"),
                                       tr("Token requests a second per client, 0 = unlimited (default 20)."),
                                       tr("n"), QStringLiteral("20"));
    const QCommandLineOption tokenBurst(QStringLiteral("token-burst"),
                                        tr("Token request burst (default 40)."), tr("n"),
                                        QStringLiteral("40"));
    const QCommandLineOption healthRate(QStringLiteral("health-rate"),
                                        tr("/health requests a second per key, 0 = unlimited (default 200)."),
                                        tr("n"), QStringLiteral("200"));
    const QCommandLineOption healthBurst(QStringLiteral("health-burst"), tr("/health burst (default 400)."),
                                         tr("n"), QStringLiteral("400"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     tr("Worker threads = concurrent connections served (default 64)."),
                                     tr("n"), QStringLiteral("64"));
    const QCommandLineOption readTimeout(QStringLiteral("read-timeout"),
                                         tr("Seconds a client may take to send a request (default 5)."),
                                         tr("seconds"), QStringLiteral("5"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), tr("Do not log one line per request."));
    p.addOptions({help, version, database, listen, tlsCert, tlsKey, maxKeys, tokenTtl, tokenRate, tokenBurst,
                  healthRate, healthBurst, threads, readTimeout, quiet});

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
    if (positional.size() > 1)
        return usage(tr("Give one command at most; got: %1").arg(positional.join(QLatin1Char(' '))));
    const QString command = positional.value(0, QStringLiteral("serve"));
    if (command == QLatin1String("serve"))
        cl.command = Command::Serve;
    else if (command == QLatin1String("init"))
        cl.command = Command::Init;
    else if (command == QLatin1String("rotate-admin-token"))
        cl.command = Command::RotateAdminToken;
    else
        return usage(
            tr("Unknown command \u201C%1\u201D; use serve, init or rotate-admin-token.").arg(command));

    cl.service.database = p.value(database);
    if (!parseListen(p.value(listen), cl.http))
        return usage(tr("--listen wants host:port, for example 127.0.0.1:8080 or [::1]:8080."));
    cl.http.tlsCertificate = p.value(tlsCert);
    cl.http.tlsPrivateKey = p.value(tlsKey);
    cl.http.logRequests = !p.isSet(quiet);

    struct IntOption
    {
        const QCommandLineOption* option;
        int* target;
        int minimum;
        int maximum;
    };
    for (const IntOption& o : {IntOption{&maxKeys, &cl.service.maxKeysPerProject, 1, 100000},
                               IntOption{&tokenTtl, &cl.service.tokenTtlSeconds, 1, 86400 * 30},
                               IntOption{&tokenBurst, &cl.service.tokenBurst, 1, 1000000},
                               IntOption{&healthBurst, &cl.service.healthBurst, 1, 1000000},
                               IntOption{&threads, &cl.http.threads, 1, 4096},
                               IntOption{&readTimeout, &cl.http.readTimeoutSeconds, 1, 3600}}) {
        bool ok = false;
        const int value = p.value(*o.option).toInt(&ok);
        if (!ok || value < o.minimum || value > o.maximum) {
            return usage(tr("--%1 wants a whole number from %2 to %3.")
                             .arg(o.option->names().first())
                             .arg(o.minimum)
                             .arg(o.maximum));
        }
        *o.target = value;
    }
    for (auto [option, target] : {std::pair{&tokenRate, &cl.service.tokenRatePerSecond},
                                  std::pair{&healthRate, &cl.service.healthRatePerSecond}}) {
        bool ok = false;
        const double value = p.value(*option).toDouble(&ok);
        if (!ok || value < 0)
            return usage(
                tr("--%1 wants a number of requests a second, 0 or more.").arg(option->names().first()));
        *target = value;
    }
    return cl;
}

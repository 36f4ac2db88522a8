#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>
#include <sys/stat.h>

namespace {

// libpq 15's connection parameters, less those the URL's parts already give and `replication`.
const QStringList& libpqParameters()
{
    static const QStringList names = {QStringLiteral("hostaddr"),
                                      QStringLiteral("passfile"),
                                      QStringLiteral("channel_binding"),
                                      QStringLiteral("connect_timeout"),
                                      QStringLiteral("client_encoding"),
                                      QStringLiteral("options"),
                                      QStringLiteral("application_name"),
                                      QStringLiteral("fallback_application_name"),
                                      QStringLiteral("keepalives"),
                                      QStringLiteral("keepalives_idle"),
                                      QStringLiteral("keepalives_interval"),
                                      QStringLiteral("keepalives_count"),
                                      QStringLiteral("tcp_user_timeout"),
                                      QStringLiteral("gssencmode"),
                                      QStringLiteral("sslmode"),
                                      QStringLiteral("requiressl"),
                                      QStringLiteral("sslcompression"),
                                      QStringLiteral("sslcert"),
                                      QStringLiteral("sslkey"),
                                      QStringLiteral("sslpassword"),
                                      QStringLiteral("sslrootcert"),
                                      QStringLiteral("sslcrl"),
                                      QStringLiteral("sslcrldir"),
                                      QStringLiteral("sslsni"),
                                      QStringLiteral("requirepeer"),
                                      QStringLiteral("ssl_min_protocol_version"),
                                      QStringLiteral("ssl_max_protocol_version"),
                                      QStringLiteral("krbsrvname"),
                                      QStringLiteral("gsslib"),
                                      QStringLiteral("service"),
                                      QStringLiteral("target_session_attrs"),
                                      QStringLiteral("load_balance_hosts")};
    return names;
}

// "h1:5432,[::1]:5433,%2Frun%2Fpostgresql" -> hosts and ports (-1 where none is given). Empty: libpq's
// default socket. Every host a name, an address or a socket folder: nothing that could smuggle another
// parameter in.
Expected<QPair<QStringList, QList<int>>> parseHosts(const QString& list)
{
    const Error invalid(Error::Kind::InvalidInput,
                        QCoreApplication::translate("DatabaseUrl",
                                                    "The PostgreSQL URL's hosts are not valid; expected "
                                                    "host:port, or several as host1:port1,host2:port2."));
    QStringList hosts;
    QList<int> ports;
    bool anyPort = false;
    static const QRegularExpression hostShape(
        QStringLiteral("\\A(?:[A-Za-z0-9._-]*|/[^\\x00-\\x20',;\\\\]*)\\z"));
    for (const QString& entry : list.split(QLatin1Char(','))) {
        QString host = entry;
        int port = -1;
        const qsizetype bracket = host.lastIndexOf(QLatin1Char(']'));
        const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
        if (colon > bracket) {
            bool ok = false;
            port = host.mid(colon + 1).toInt(&ok);
            if (!ok || port < 1 || port > 65535)
                return invalid;
            host.truncate(colon);
            anyPort = true;
        }
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
            host = host.mid(1, host.size() - 2);
            if (QHostAddress(host).protocol() != QAbstractSocket::IPv6Protocol)
                return invalid;
        } else {
            host = QUrl::fromPercentEncoding(host.toUtf8());
            if (!hostShape.match(host).hasMatch())
                return invalid;
        }
        hosts << host;
        ports << port;
    }
    if (!anyPort)
        ports.clear();
    if (hosts.size() == 1 && hosts.first().isEmpty())
        hosts.clear();
    return qMakePair(hosts, ports);
}

// libpq's quoting: 'value' with \ and \' escaped.
QString quoted(QString value)
{
    value.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    value.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + value + QLatin1Char('\'');
}

} // namespace

Expected<DatabaseUrl> DatabaseUrl::parse(const QString& text)
{
    DatabaseUrl db;
    if (text.trimmed().isEmpty()) {
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("DatabaseUrl", "No database was given (--database)."));
    }
    if (!text.startsWith(QLatin1String("postgresql://")) && !text.startsWith(QLatin1String("postgres://"))) {
        db.driver = QStringLiteral("QSQLITE");
        db.path = text;
        return db;
    }
    // libpq's host list (h1:5432,h2:5433, a socket folder percent-encoded) is no URL host QUrl takes: it is
    // read here, and QUrl reads the rest with one placeholder host in its place.
    const qsizetype authorityStart = text.indexOf(QLatin1String("://")) + 3;
    qsizetype authorityEnd = text.size();
    for (const QChar end : {QLatin1Char('/'), QLatin1Char('?')}) {
        const qsizetype at = text.indexOf(end, authorityStart);
        if (at >= 0)
            authorityEnd = std::min(authorityEnd, at);
    }
    const QString authority = text.mid(authorityStart, authorityEnd - authorityStart);
    const qsizetype userEnd = authority.lastIndexOf(QLatin1Char('@'));
    auto hosts = parseHosts(authority.mid(userEnd + 1));
    if (!hosts)
        return hosts.error();
    const QUrl url(text.left(authorityStart) + authority.left(userEnd + 1) + QStringLiteral("hosts.invalid") +
                       text.mid(authorityEnd),
                   QUrl::StrictMode);
    if (!url.isValid() || url.path().size() < 2) {
        // Not QUrl's errorString(): it quotes the whole URL, password included.
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("DatabaseUrl",
                                                 "The PostgreSQL URL is not valid; expected "
                                                 "postgresql://user:password@host:port/database "
                                                 "(percent-encode special characters)."));
    }
    db.driver = QStringLiteral("QPSQL");
    db.host = hosts.value().first.join(QLatin1Char(','));
    const QList<int>& ports = hosts.value().second;
    if (ports.size() == 1 || (!ports.isEmpty() && std::all_of(ports.cbegin(), ports.cend(),
                                                              [&](int p) { return p == ports.first(); })))
        db.port = ports.first();
    else if (!ports.isEmpty()) // one port a host, in order (-1: libpq's default)
        for (int p : ports)
            db.ports << (p > 0 ? QString::number(p) : QString());
    db.user = url.userName();
    db.password = url.password();
    db.databaseName = url.path().mid(1);
    // libpq convention: ?host=/run/postgresql selects a Unix socket directory.
    const QUrlQuery query(url);
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (name == QLatin1String("host")) {
            db.host = value; // libpq convention: ?host=/run/postgresql selects a Unix socket directory
        } else if (name == QLatin1String("user") || name == QLatin1String("password") ||
                   name == QLatin1String("port") || name == QLatin1String("dbname")) {
            return Error(Error::Kind::InvalidInput,
                         QCoreApplication::translate("DatabaseUrl", "Give %1 in the URL itself, not as ?%1=.")
                             .arg(name));
        } else if (!libpqParameters().contains(name)) {
            return Error(Error::Kind::InvalidInput,
                         QCoreApplication::translate(
                             "DatabaseUrl", "The PostgreSQL URL has an unknown parameter \u201C%1\u201D.")
                             .arg(name));
        } else if (value.contains(QLatin1Char(';'))) {
            // QPSQL turns every ';' of its connect options into a separator.
            return Error(Error::Kind::InvalidInput,
                         QCoreApplication::translate(
                             "DatabaseUrl", "The PostgreSQL parameter %1 cannot contain \u201C;\u201D.")
                             .arg(name));
        } else {
            db.parameters.append({name, value});
        }
    }
    return db;
}

bool DatabaseUrl::carriesPassword(const QString& text)
{
    // Judged on the text, not on a parse: a URL too broken to parse still showed its password in `ps`.
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    if (scheme < 0 || !text.startsWith(QLatin1String("postgres")))
        return false;
    const qsizetype at = text.indexOf(QLatin1Char('@'), scheme + 3);
    const qsizetype slash = text.indexOf(QLatin1Char('/'), scheme + 3);
    if (at < 0 || (slash >= 0 && slash < at))
        return false;
    return text.mid(scheme + 3, at - scheme - 3).contains(QLatin1Char(':'));
}

bool DatabaseUrl::verifiesServerCertificate() const
{
    for (const auto& [name, value] : parameters) {
        if (name == QLatin1String("sslmode"))
            return value == QLatin1String("verify-full") || value == QLatin1String("verify-ca");
    }
    return false; // libpq's default, "prefer", takes any certificate or none
}

bool DatabaseUrl::isOnThisMachine() const
{
    for (const QString& one : host.split(QLatin1Char(','))) {
        if (one.isEmpty() || one.startsWith(QLatin1Char('/')) || one == QLatin1String("localhost"))
            continue; // a Unix socket, or libpq's default one
        const QHostAddress address(one);
        if (address.isNull() || !address.isLoopback())
            return false;
    }
    return true;
}

QStringList DatabaseUrl::warningsFor(const QString& text)
{
    QStringList warnings;
    if (carriesPassword(text))
        warnings << QCoreApplication::translate(
            "DatabaseUrl", "The database password in --database can be read by every user in the process "
                           "list; use --database-password-file, PGPASSWORD or ~/.pgpass.");
    const auto url = parse(text);
    if (url && url.value().isPostgres() && !url.value().isOnThisMachine() &&
        !url.value().verifiesServerCertificate())
        warnings << QCoreApplication::translate(
                        "DatabaseUrl",
                        "The connection to PostgreSQL at %1 does not check the server's certificate: whoever "
                        "can reach the network path can read or change the keys and the signing keys. Add "
                        "?sslmode=verify-full&sslrootcert=<the CA's file> to --database.")
                        .arg(url.value().host);
    return warnings;
}

QString DatabaseUrl::redacted() const
{
    if (!isPostgres())
        return path;
    QStringList where;
    const QStringList hosts = host.split(QLatin1Char(','));
    for (int i = 0; i < hosts.size(); ++i) {
        const QString portText = !ports.isEmpty() ? ports.value(i)
                                 : port > 0       ? QString::number(port)
                                                  : QString();
        where << (portText.isEmpty() ? hosts.at(i) : hosts.at(i) + QLatin1Char(':') + portText);
    }
    return QStringLiteral("postgresql://%1@%2/%3").arg(user, where.join(QLatin1Char(',')), databaseName);
}

QString DatabaseUrl::connectOptions() const
{
    QStringList options;
    bool timeoutGiven = false;
    for (const auto& [name, value] : parameters) {
        options << name + QLatin1Char('=') + quoted(value);
        timeoutGiven |= name == QLatin1String("connect_timeout");
    }
    if (!timeoutGiven)
        options << QStringLiteral("connect_timeout=5");
    if (!ports.isEmpty()) // several hosts on different ports: libpq's list, one a host
        options << QStringLiteral("port=") + quoted(ports.join(QLatin1Char(',')));
    return options.join(QLatin1Char(';'));
}

Expected<void> DatabaseUrl::readPasswordFile(const QString& fileName)
{
    struct stat info
    {};
    QFile file(fileName);
    if (::stat(QFile::encodeName(fileName).constData(), &info) != 0 || !file.open(QIODevice::ReadOnly))
        return Error(
            Error::Kind::InvalidInput,
            QCoreApplication::translate("DatabaseUrl", "Cannot read the password file %1.").arg(fileName));
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("DatabaseUrl",
                                                 "The password file %1 can be read by other users; run "
                                                 "chmod 600 %1 first.")
                         .arg(fileName));
    QByteArray line = file.read(4096);
    line.truncate(line.indexOf('\n') < 0 ? line.size() : line.indexOf('\n'));
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return Error(
            Error::Kind::InvalidInput,
            QCoreApplication::translate("DatabaseUrl", "The password file %1 is empty.").arg(fileName));
    password = QString::fromUtf8(line);
    return {};
}

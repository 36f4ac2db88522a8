#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QFile>
#include <QUrl>
#include <QUrlQuery>
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
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.path().size() < 2) {
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("DatabaseUrl",
                                                 "The PostgreSQL URL is not valid; expected "
                                                 "postgresql://user:password@host:port/database."),
                     url.errorString());
    }
    db.driver = QStringLiteral("QPSQL");
    db.host = url.host();
    db.port = url.port(-1);
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

QString DatabaseUrl::redacted() const
{
    if (!isPostgres())
        return path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(databaseName);
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
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("DatabaseUrl", "The password file %1 is empty.").arg(fileName));
    password = QString::fromUtf8(line);
    return {};
}

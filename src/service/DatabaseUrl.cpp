#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

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
    if (query.hasQueryItem(QStringLiteral("host")))
        db.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    return db;
}

QString DatabaseUrl::redacted() const
{
    if (!isPostgres())
        return path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(databaseName);
}

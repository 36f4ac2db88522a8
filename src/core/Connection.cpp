#include "Connection.h"

#include <QCoreApplication>

QString Connection::kindToString(Kind kind)
{
    switch (kind) {
    case Kind::KeyDeskService:
        return QStringLiteral("keydesk");
    case Kind::OAuth2Provider:
        return QStringLiteral("oauth2");
    case Kind::ApiKeyProvider:
        return QStringLiteral("apikey");
    }
    return {};
}

std::optional<Connection::Kind> Connection::kindFromString(const QString& text)
{
    for (Kind kind : {Kind::KeyDeskService, Kind::OAuth2Provider, Kind::ApiKeyProvider}) {
        if (text == kindToString(kind))
            return kind;
    }
    return std::nullopt;
}

QString Connection::displayName() const
{
    return embedded && name == QLatin1String("Local") ? QCoreApplication::translate("Connection", "Local")
                                                      : name;
}

Expected<QString> Connection::checkedName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Error(Error::Kind::InvalidInput,
                     QCoreApplication::translate("Connection", "Enter a name for the connection."));
    if (trimmed.size() > 64)
        return Error(
            Error::Kind::InvalidInput,
            QCoreApplication::translate("Connection", "A connection name has at most 64 characters."));
    for (const QChar ch : trimmed) {
        if (ch.category() == QChar::Other_Control || ch.category() == QChar::Other_Format)
            return Error(Error::Kind::InvalidInput,
                         QCoreApplication::translate(
                             "Connection", "A connection name cannot contain control or invisible formatting "
                                           "characters."));
    }
    return trimmed;
}

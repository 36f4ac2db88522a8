#include "Connection.h"

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

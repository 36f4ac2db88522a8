#include "ServiceErrorText.h"

#include "core/Plural.h"
#include "core/Role.h"

#include <QCoreApplication>

namespace ServiceErrorText {

namespace {

struct Text
{
    const char* code;
    const char* text;
};

// QT_TRANSLATE_NOOP: lupdate finds the sentences here; of() translates them when asked.
const Text kTexts[] = {
    {"unauthorized",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service did not accept this token: check that it was copied whole, "
                       "that it is for this server, and that it was not replaced or removed "
                       "(keydesk-server users list shows who has one).")},
    {"not_found", QT_TRANSLATE_NOOP("ServiceErrorText",
                                    "The service does not know this item (it may have been deleted).")},
    {"name_taken",
     QT_TRANSLATE_NOOP("ServiceErrorText", "That name is taken there already; choose another.")},
    {"invalid_name",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service refused the name: it starts with a letter and has up to 64 letters, "
                       "digits, spaces and \u201C-\u201D, \u201C_\u201D or \u201C.\u201D.")},
    {"missing_field",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The request lacked a value the service needs; nothing was changed.")},
    {"invalid_field",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service refused a value of the wrong kind; nothing was changed.")},
    {"invalid_json", QT_TRANSLATE_NOOP("ServiceErrorText", "The service could not read the request.")},
    {"bad_request", QT_TRANSLATE_NOOP("ServiceErrorText", "The service could not read the request.")},
    {"error", QT_TRANSLATE_NOOP("ServiceErrorText", "The service could not serve the request.")},
    {"unsupported_media_type",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service could not read the request.")},
    {"key_limit_reached",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The project has reached its key limit: delete a key it no longer needs first.")},
    {"invalid_expiry",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service refused the expiry: 7, 30, 90, 180 or 365 days, or never.")},
    {"invalid_description",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service refused the description (too long, or with control "
                                           "characters).")},
    {"invalid_status",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service refused the status: a key is active or inactive.")},
    {"invalid_parameter",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service refused a parameter of the request.")},
    {"invalid_role",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service refused the role: viewer, support, admin or owner.")},
    {"last_owner",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service must keep an owner: this would remove or demote the last one.")},
    {"invalid_request", QT_TRANSLATE_NOOP("ServiceErrorText", "The service refused the token request as "
                                                              "malformed.")},
    {"unsupported_grant_type",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service gives tokens only for client credentials.")},
    {"invalid_client",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service did not accept the client id and secret: check that both "
                       "were copied whole and that the key was not deleted.")},
    {"missing_credentials", QT_TRANSLATE_NOOP("ServiceErrorText", "The request carried no key or token.")},
    {"invalid_key",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service does not know this key: check that it was copied whole and "
                       "that it was not deleted.")},
    {"key_expired", QT_TRANSLATE_NOOP("ServiceErrorText", "This key has expired: rotate it.")},
    {"key_inactive", QT_TRANSLATE_NOOP("ServiceErrorText", "This key has been deactivated.")},
    {"invalid_token",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service did not accept the access token: get a new one.")},
    {"token_expired", QT_TRANSLATE_NOOP("ServiceErrorText", "The access token has expired: get a new one.")},
    {"repeated_header",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The request carried a header twice that may come only once.")},
    {"rate_limited", QT_TRANSLATE_NOOP("ServiceErrorText", "Too many requests.")},
    {"storage_unavailable",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service cannot reach its database right "
                                           "now.")},
    {"storage_full", QT_TRANSLATE_NOOP("ServiceErrorText",
                                       "The service's storage is full; whoever runs it must free space.")},
    {"internal_error", QT_TRANSLATE_NOOP("ServiceErrorText", "The service had an internal problem. Try again "
                                                             "later.")},
    {"server_busy", QT_TRANSLATE_NOOP("ServiceErrorText", "The service is busy.")},
    {"too_many_connections", QT_TRANSLATE_NOOP("ServiceErrorText", "The service is busy.")},
    {"request_timeout",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The service stopped waiting for the request.")},
    {"payload_too_large",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The request was too large for the service.")},
    {"headers_too_large",
     QT_TRANSLATE_NOOP("ServiceErrorText", "The request was too large for the service.")},
    {"method_not_allowed",
     QT_TRANSLATE_NOOP("ServiceErrorText",
                       "The service does not offer this call (it may be another version).")},
};

} // namespace

std::optional<QString> of(const QString& code, const QJsonObject& body)
{
    if (code == QLatin1String("forbidden")) { // says which role it needs and which one you have
        const auto needed = roleFromString(body.value(QLatin1String("required_role")).toString());
        const auto have = roleFromString(body.value(QLatin1String("role")).toString());
        if (needed && have)
            return QCoreApplication::translate("ServiceErrorText", "This needs the %1 role; you are %2.")
                .arg(roleDisplayName(*needed), roleDisplayName(*have));
        return QCoreApplication::translate("ServiceErrorText",
                                           "Your role on the service does not allow this.");
    }
    if (const int limit = body.value(QLatin1String("limit")).toInt();
        code == QLatin1String("key_limit_reached") && limit > 0)
        return plural(
            limit, "ServiceErrorText",
            QT_TRANSLATE_NOOP("ServiceErrorText", "The project already has %1 key, the most allowed: "
                                                  "delete one it no longer needs first."),
            QT_TRANSLATE_NOOP("ServiceErrorText", "The project already has %1 keys, the most allowed: "
                                                  "delete one it no longer needs first."));
    for (const Text& t : kTexts) {
        if (code == QLatin1String(t.code))
            return QCoreApplication::translate("ServiceErrorText", t.text);
    }
    return std::nullopt;
}

QStringList knownCodes()
{
    QStringList codes{QStringLiteral("forbidden")};
    for (const Text& t : kTexts)
        codes << QLatin1String(t.code);
    return codes;
}

} // namespace ServiceErrorText

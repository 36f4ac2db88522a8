#include "CredentialJson.h"

#include "Rfc3339.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QRegularExpression>

namespace {

QJsonValue timeOrNull(const QDateTime& moment)
{
    return moment.isValid() ? QJsonValue(Rfc3339::format(moment)) : QJsonValue(QJsonValue::Null);
}

Error malformed(const QString& field)
{
    return {Error::Kind::Protocol,
            QCoreApplication::translate("CredentialJson", "The service sent a key in an unexpected form."),
            QStringLiteral("field \"%1\" is missing or has the wrong type").arg(field)};
}

} // namespace

namespace CredentialJson {

QJsonObject toJson(const Credential& key, const QDateTime& now)
{
    return {
        {QStringLiteral("id"), key.remoteId},
        {QStringLiteral("project"), key.project},
        {QStringLiteral("name"), key.name},
        {QStringLiteral("description"), key.description},
        {QStringLiteral("key_id"), key.keyId},
        {QStringLiteral("last4"), key.last4},
        {QStringLiteral("status"), keyStatusToString(key.statusAt(now))},
        {QStringLiteral("created_at"), timeOrNull(key.createdAt)},
        {QStringLiteral("expires_at"), timeOrNull(key.expiresAt)},
        {QStringLiteral("last_used_at"), timeOrNull(key.lastUsedAt)},
        {QStringLiteral("username"), key.username},
        {QStringLiteral("created_by"), key.createdBy},
    };
}

Expected<Credential> fromJson(const QJsonObject& o)
{
    Credential key;
    struct TextField
    {
        const char* name;
        QString* target;
    };
    for (const TextField& f : {TextField{"id", &key.remoteId}, TextField{"name", &key.name},
                               TextField{"key_id", &key.keyId}, TextField{"last4", &key.last4}}) {
        const QJsonValue v = o.value(QLatin1String(f.name));
        if (!v.isString() || v.toString().isEmpty())
            return malformed(QLatin1String(f.name));
        *f.target = v.toString();
    }
    // Printed and used in paths as they are: only the shapes the service makes get in.
    static const QRegularExpression keyIdShape(QStringLiteral("\\Akd_[A-Z2-7]{20}\\z"));
    static const QRegularExpression last4Shape(QStringLiteral("\\A[0-9A-Za-z]{4}\\z"));
    if (!keyIdShape.match(key.keyId).hasMatch())
        return malformed(QStringLiteral("key_id"));
    if (!last4Shape.match(key.last4).hasMatch())
        return malformed(QStringLiteral("last4"));
    key.project = o.value(QLatin1String("project")).toString();
    key.description = o.value(QLatin1String("description")).toString();
    key.username = o.value(QLatin1String("username")).toString();
    key.createdBy = o.value(QLatin1String("created_by")).toString(); // absent from older services
    const auto status = keyStatusFromString(o.value(QLatin1String("status")).toString());
    if (!status)
        return malformed(QStringLiteral("status"));
    // "expired" is derived; what is stored locally is whether the key was switched off.
    key.storedStatus = *status == KeyStatus::Inactive ? KeyStatus::Inactive : KeyStatus::Active;
    struct TimeField
    {
        const char* name;
        QDateTime* target;
        bool required;
    };
    for (const TimeField& f :
         {TimeField{"created_at", &key.createdAt, true}, TimeField{"expires_at", &key.expiresAt, false},
          TimeField{"last_used_at", &key.lastUsedAt, false}}) {
        const QJsonValue v = o.value(QLatin1String(f.name));
        if (v.isNull() || v.isUndefined()) {
            if (f.required)
                return malformed(QLatin1String(f.name));
            continue;
        }
        *f.target = v.isString() ? Rfc3339::parse(v.toString()) : QDateTime();
        if (!f.target->isValid())
            return malformed(QLatin1String(f.name));
    }
    return key;
}

} // namespace CredentialJson

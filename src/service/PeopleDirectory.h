#pragma once

#include "Actor.h"
#include "ApiError.h"
#include "AuditLog.h"
#include "Person.h"
#include "ServiceDatabase.h"
#include "core/Clock.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"

#include <QList>
#include <optional>

// The people who may use the admin API, their roles and personal tokens, and the session tokens of embedded
// services. Every check reads the database, so a person removed or re-roled on one instance is refused or
// limited by every instance at once. Thread-safe.
class PeopleDirectory
{
public:
    template <typename T> using Result = Expected<T, ApiError>;

    PeopleDirectory(ServiceDatabase& db, AuditLog& audit, const Clock& clock = Clock::system());

    // Who a bearer token belongs to, acting from `source`; nullopt for anything else.
    Result<std::optional<Actor>> authenticate(const SecretBytes& token, const QString& source);

    struct Added
    {
        Person person;
        SecretBytes token; // shown once, never stored
    };
    Result<Added> add(const QString& name, Role role, const Actor& by);
    Result<QList<Person>> list();
    Result<Person> setRole(const QString& name, Role role, const Actor& by);
    Result<void> remove(const QString& name, const Actor& by);
    // A new token for `name` (the old one stops working at once).
    Result<SecretBytes> replaceToken(const QString& name, const Actor& by);

    // The operator's first owner, "admin": `keydesk-server init` creates it, `rotate-admin-token` gives it a
    // new token (and recreates it if it was removed).
    static QString firstOwnerName() { return QStringLiteral("admin"); }
    bool hasOwner();
    Result<SecretBytes> rotateAdminToken();

    // A session token for one embedded run (the app's or the CLI's), acting as owner `name`: several can be
    // valid at once, each removed when its process stops, so no run logs another out. It expires after a day
    // unless renewed (EmbeddedService renews it hourly), so a killed process's token does not stay valid.
    static constexpr int SessionLifetimeSeconds = 24 * 3600;
    struct SessionToken
    {
        QString id;
        SecretBytes token;
    };
    Result<SessionToken> addSessionToken(const QString& name = QStringLiteral("local"));
    // False when the session is gone or already expired.
    bool renewSessionToken(const QString& id);
    void removeSessionToken(const QString& id);

    static bool isValidName(const QString& name);

private:
    Result<std::optional<Person>> find(const QString& name);
    // Refuses a change that would leave the service without an owner (nobody could manage people again).
    Result<void> keepAnOwner(const QString& name, std::optional<Role> newRole);

    ServiceDatabase& m_db;
    AuditLog& m_audit;
    const Clock& m_clock;
};

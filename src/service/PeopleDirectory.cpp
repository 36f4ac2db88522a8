#include "PeopleDirectory.h"

#include "SecretGenerator.h"
#include "StorageError.h"
#include "sql/SqlTime.h"

#include <QCoreApplication>
#include <QRegularExpression>

using SqlTime::fromSql;
using SqlTime::toSql;

namespace {

ApiError noSuchPerson(const QString& name)
{
    return ApiError::notFound(
        QCoreApplication::translate("PeopleDirectory", "There is no person named %1.").arg(name.left(64)));
}

// A transaction's own refusal: rolls back, and the ApiError says why.
Error rollback()
{
    return Error(Error::Kind::Conflict, QStringLiteral("rollback"));
}

} // namespace

PeopleDirectory::PeopleDirectory(ServiceDatabase& db, AuditLog& audit, const Clock& clock)
    : m_db(db), m_audit(audit), m_clock(clock)
{}

bool PeopleDirectory::isValidName(const QString& name)
{
    // Safe in a URL path, a log line and a terminal: an e-mail address or a login name.
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z][A-Za-z0-9._@+-]{0,63}$"));
    return valid.match(name).hasMatch();
}

PeopleDirectory::Result<std::optional<Actor>> PeopleDirectory::authenticate(const SecretBytes& token,
                                                                            const QString& source)
{
    if (token.isEmpty())
        return std::optional<Actor>();
    // Tokens are random and long, so looking one up by its hash leaks nothing a comparison would not.
    const QString hash = SecretGenerator::sha256Hex(token);
    auto rows = m_db.select(QStringLiteral("SELECT name, role FROM people WHERE token_sha256 = ? "
                                           "UNION ALL SELECT name, 'owner' FROM sessions "
                                           "WHERE token_sha256 = ? AND expires_at > ?"),
                            {hash, hash, toSql(m_clock.now())});
    if (!rows) // 503, never 401: a client must not drop a good token because the database was away
        return storageApiError(rows.error());
    if (rows.value().isEmpty())
        return std::optional<Actor>();
    const auto role = roleFromString(rows.value().first().at(1).toString());
    if (!role)
        return std::optional<Actor>();
    return std::optional<Actor>(Actor{rows.value().first().at(0).toString(), *role, source});
}

PeopleDirectory::Result<std::optional<Person>> PeopleDirectory::find(const QString& name)
{
    auto rows = m_db.select(
        QStringLiteral("SELECT name, role, created_at, created_by FROM people WHERE name = ?"), {name});
    if (!rows)
        return storageApiError(rows.error());
    if (rows.value().isEmpty())
        return std::optional<Person>();
    const auto& r = rows.value().first();
    return std::optional<Person>(Person{r.at(0).toString(),
                                        roleFromString(r.at(1).toString()).value_or(Role::Viewer),
                                        fromSql(r.at(2)), r.at(3).toString()});
}

PeopleDirectory::Result<QList<Person>> PeopleDirectory::list()
{
    auto rows =
        m_db.select(QStringLiteral("SELECT name, role, created_at, created_by FROM people ORDER BY name"));
    if (!rows)
        return storageApiError(rows.error());
    QList<Person> people;
    for (const auto& r : rows.value())
        people << Person{r.at(0).toString(), roleFromString(r.at(1).toString()).value_or(Role::Viewer),
                         fromSql(r.at(2)), r.at(3).toString()};
    return people;
}

PeopleDirectory::Result<PeopleDirectory::Added> PeopleDirectory::add(const QString& name, Role role,
                                                                     const Actor& by)
{
    if (!isValidName(name))
        return ApiError::unprocessable(
            "invalid_name",
            QCoreApplication::translate("PeopleDirectory",
                                        "A person's name starts with a letter and has up to 64 letters, "
                                        "digits and . _ @ + - (an e-mail address or a login name)."));
    Added added{Person{name, role, m_clock.now(), by.name}, SecretGenerator::adminToken()};
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto inserted = m_db.execute(
            QStringLiteral("INSERT INTO people (id, name, role, token_sha256, created_at, created_by) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
            {QString(QStringLiteral("usr_") + SecretGenerator::uuid().remove(QLatin1Char('-'))), name,
             roleToString(role), SecretGenerator::sha256Hex(added.token), toSql(added.person.createdAt),
             by.name});
        if (!inserted) {
            if (inserted.error().kind() == Error::Kind::Conflict)
                refusal = ApiError::conflict(
                    "name_taken",
                    QCoreApplication::translate("PeopleDirectory", "There already is a person named %1.")
                        .arg(name));
            return inserted.error();
        }
        return m_audit.record(by, QStringLiteral("user.added"), {}, {},
                              {{QStringLiteral("name"), name}, {QStringLiteral("role"), roleToString(role)}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return added;
}

PeopleDirectory::Result<void> PeopleDirectory::keepAnOwner(const QString& name, std::optional<Role> newRole)
{
    if (m_db.url().isPostgres()) { // instances changing owners at the same moment take turns
        if (auto locked = m_db.select(QStringLiteral("SELECT pg_advisory_xact_lock(7270302)")); !locked)
            return storageApiError(locked.error());
    }
    if (newRole == Role::Owner)
        return {};
    auto owners =
        m_db.select(QStringLiteral("SELECT count(*) FROM people WHERE role = 'owner' AND name <> ?"), {name});
    if (!owners)
        return storageApiError(owners.error());
    if (owners.value().first().first().toInt() > 0)
        return {};
    auto target =
        m_db.select(QStringLiteral("SELECT 1 FROM people WHERE name = ? AND role = 'owner'"), {name});
    if (!target)
        return storageApiError(target.error());
    if (target.value().isEmpty())
        return {};
    return ApiError::conflict("last_owner",
                              QCoreApplication::translate("PeopleDirectory",
                                                          "%1 is the only owner; make someone else owner "
                                                          "first, or nobody could manage people any more.")
                                  .arg(name));
}

PeopleDirectory::Result<Person> PeopleDirectory::setRole(const QString& name, Role role, const Actor& by)
{
    std::optional<ApiError> refusal;
    std::optional<Person> changed;
    auto done = m_db.transaction([&]() -> Expected<void> {
        if (auto kept = keepAnOwner(name, role); !kept) {
            refusal = kept.error();
            return rollback();
        }
        auto current = find(name);
        if (!current || !current.value()) {
            refusal = current ? noSuchPerson(name) : current.error();
            return rollback();
        }
        changed = *current.value();
        const Role before = changed->role;
        changed->role = role;
        auto updated = m_db.execute(QStringLiteral("UPDATE people SET role = ? WHERE name = ?"),
                                    {roleToString(role), name});
        if (!updated)
            return updated.error();
        return m_audit.record(by, QStringLiteral("user.role_changed"), {}, {},
                              {{QStringLiteral("name"), name},
                               {QStringLiteral("from"), roleToString(before)},
                               {QStringLiteral("to"), roleToString(role)}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return *changed;
}

PeopleDirectory::Result<void> PeopleDirectory::remove(const QString& name, const Actor& by)
{
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        if (auto kept = keepAnOwner(name, std::nullopt); !kept) {
            refusal = kept.error();
            return rollback();
        }
        auto removed = m_db.execute(QStringLiteral("DELETE FROM people WHERE name = ?"), {name});
        if (!removed)
            return removed.error();
        if (removed.value() == 0) {
            refusal = noSuchPerson(name);
            return rollback();
        }
        return m_audit.record(by, QStringLiteral("user.removed"), {}, {}, {{QStringLiteral("name"), name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return {};
}

PeopleDirectory::Result<SecretBytes> PeopleDirectory::replaceToken(const QString& name, const Actor& by)
{
    SecretBytes token = SecretGenerator::adminToken();
    std::optional<ApiError> refusal;
    auto done = m_db.transaction([&]() -> Expected<void> {
        auto updated = m_db.execute(QStringLiteral("UPDATE people SET token_sha256 = ? WHERE name = ?"),
                                    {SecretGenerator::sha256Hex(token), name});
        if (!updated)
            return updated.error();
        if (updated.value() == 0) {
            refusal = noSuchPerson(name);
            return rollback();
        }
        return m_audit.record(by, QStringLiteral("user.token_replaced"), {}, {},
                              {{QStringLiteral("name"), name}});
    });
    if (refusal)
        return *refusal;
    if (!done)
        return storageApiError(done.error());
    return token;
}

bool PeopleDirectory::hasOwner()
{
    auto rows = m_db.select(QStringLiteral("SELECT 1 FROM people WHERE role = 'owner'"));
    return rows && !rows.value().isEmpty();
}

PeopleDirectory::Result<SecretBytes> PeopleDirectory::rotateAdminToken()
{
    const Actor by = Actor::commandLine();
    auto existing = find(firstOwnerName());
    if (!existing)
        return existing.error();
    if (existing.value()) {
        // The operator's recovery path: the first owner is an owner again, whatever it was made since.
        if (existing.value()->role != Role::Owner) {
            if (auto promoted = setRole(firstOwnerName(), Role::Owner, by); !promoted)
                return promoted.error();
        }
        return replaceToken(firstOwnerName(), by);
    }
    auto added = add(firstOwnerName(), Role::Owner, by);
    if (!added)
        return added.error();
    return std::move(added.value().token);
}

PeopleDirectory::Result<PeopleDirectory::SessionToken> PeopleDirectory::addSessionToken(const QString& name)
{
    // Sessions of processes that were killed, and so never removed theirs, go once they have expired.
    (void)m_db.execute(QStringLiteral("DELETE FROM sessions WHERE expires_at <= ?"), {toSql(m_clock.now())});
    SessionToken session{SecretGenerator::uuid(), SecretGenerator::adminToken()};
    auto stored = m_db.execute(
        QStringLiteral("INSERT INTO sessions (id, token_sha256, expires_at, name) VALUES (?, ?, ?, ?)"),
        {session.id, SecretGenerator::sha256Hex(session.token),
         toSql(m_clock.now().addSecs(SessionLifetimeSeconds)),
         isValidName(name) ? name : QStringLiteral("local")});
    if (!stored)
        return storageApiError(stored.error());
    return session;
}

bool PeopleDirectory::renewSessionToken(const QString& id)
{
    auto renewed =
        m_db.execute(QStringLiteral("UPDATE sessions SET expires_at = ? WHERE id = ? AND expires_at > ?"),
                     {toSql(m_clock.now().addSecs(SessionLifetimeSeconds)), id, toSql(m_clock.now())});
    return renewed && renewed.value() > 0;
}

void PeopleDirectory::removeSessionToken(const QString& id)
{
    // Not removed (database gone), the token still expires within a day of its last renewal.
    (void)m_db.execute(QStringLiteral("DELETE FROM sessions WHERE id = ?"), {id});
}

#include "ServiceSchema.h"

const QList<QStringList>& ServiceSchema::migrations()
{
    static const QList<QStringList> steps = {
        {
            // meta held the admin token's SHA-256 (and, before step 2, the signing key); never a plaintext
            // token.
            QStringLiteral("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE projects ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE api_keys ("
                           " id TEXT PRIMARY KEY,"
                           " project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,"
                           " name TEXT NOT NULL,"
                           " description TEXT NOT NULL,"
                           " key_id TEXT NOT NULL UNIQUE,"
                           " secret_hash TEXT NOT NULL UNIQUE,"
                           " last4 TEXT NOT NULL,"
                           " status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),"
                           " created_at BIGINT NOT NULL,"
                           " expires_at BIGINT,"
                           " last_used_at BIGINT,"
                           " username TEXT NOT NULL,"
                           " UNIQUE (project_id, name))"),
        },
        {
            // Signing keys get a kid and can be rotated (old ones verify until their tokens expire); the
            // key of before becomes "k0", which also verifies tokens that carry no kid.
            QStringLiteral("CREATE TABLE signing_keys (kid TEXT PRIMARY KEY, secret TEXT NOT NULL,"
                           " created_at BIGINT NOT NULL)"),
            QStringLiteral("INSERT INTO signing_keys (kid, secret, created_at)"
                           " SELECT 'k0', value, 0 FROM meta WHERE name = 'signing_key'"),
            QStringLiteral("DELETE FROM meta WHERE name = 'signing_key'"),
            // Session admin tokens of embedded services expire unless renewed; those of before had no
            // expiry (a killed app's stayed valid forever) and are dropped.
            QStringLiteral("CREATE TABLE sessions (id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL,"
                           " expires_at BIGINT NOT NULL)"),
            QStringLiteral("DELETE FROM meta WHERE name LIKE 'session_token_sha256:%'"),
        },
        {
            // People with personal tokens and roles. The single admin token of before becomes the first
            // owner, "admin", so it keeps working; only token hashes are stored.
            QStringLiteral("CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                           " role TEXT NOT NULL CHECK (role IN ('viewer', 'support', 'admin', 'owner')),"
                           " token_sha256 TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,"
                           " created_by TEXT NOT NULL)"),
            QStringLiteral("INSERT INTO people (id, name, role, token_sha256, created_at, created_by)"
                           " SELECT 'usr_admin', 'admin', 'owner', value, 0, 'keydesk-server' FROM meta"
                           " WHERE name = 'admin_token_sha256'"),
            QStringLiteral("DELETE FROM meta WHERE name = 'admin_token_sha256'"),
            // Embedded sessions act for the person running the app or the CLI.
            QStringLiteral("ALTER TABLE sessions ADD COLUMN name TEXT NOT NULL DEFAULT 'local'"),
            // The audit trail, append-only through the API. Repeated events (key use, failed
            // authentications) are one row per key, source and hour: `bucket` names it, `count` adds up.
            QStringLiteral("CREATE TABLE events (seq {serial}, at BIGINT NOT NULL, actor TEXT NOT NULL,"
                           " role TEXT NOT NULL, action TEXT NOT NULL, project_id TEXT, key_id TEXT,"
                           " source TEXT NOT NULL, detail TEXT NOT NULL, count BIGINT NOT NULL DEFAULT 1,"
                           " bucket TEXT UNIQUE)"),
            QStringLiteral("CREATE INDEX events_by_project ON events (project_id, seq)"),
            QStringLiteral("CREATE INDEX events_by_key ON events (key_id, seq)"),
            QStringLiteral("CREATE INDEX events_by_time ON events (at)"),
            // Who made a key, for the inventory's "Created by" column without reading the trail.
            QStringLiteral("ALTER TABLE api_keys ADD COLUMN created_by TEXT NOT NULL DEFAULT ''"),
        },
    };
    return steps;
}

QString ServiceSchema::forDialect(QString statement, bool postgres)
{
    return statement.replace(QLatin1String("{serial}"),
                             postgres ? QLatin1String("BIGSERIAL PRIMARY KEY")
                                      : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
}

#include "ServiceSchema.h"

const QList<QStringList>& ServiceSchema::migrations()
{
    static const QList<QStringList> steps = {
        {
            // meta holds the admin token's SHA-256 (and, before step 2, the signing key); never a plaintext
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
    };
    return steps;
}

#include "ServiceSchema.h"

const QList<QStringList>& ServiceSchema::migrations()
{
    static const QList<QStringList> steps = {
        {
            // meta holds the JWT signing key and the admin token's SHA-256; never a plaintext token.
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
    };
    return steps;
}

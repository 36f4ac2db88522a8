#include "InventorySchema.h"

const QList<QStringList>& InventorySchema::migrations()
{
    // Times are INTEGER milliseconds since the epoch, UTC: compact, index-friendly, sort correctly.
    static const QList<QStringList> steps = {
        // 1: connections and the credential metadata mirror. There is no column for a secret, by design.
        {
            QStringLiteral("CREATE TABLE connections ("
                           " id INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " kind TEXT NOT NULL CHECK (kind IN ('keydesk', 'oauth2', 'apikey')),"
                           " url TEXT NOT NULL DEFAULT '',"
                           " embedded INTEGER NOT NULL DEFAULT 0,"
                           " last_synced_at INTEGER)"),
            QStringLiteral("CREATE TABLE credentials ("
                           " id INTEGER PRIMARY KEY,"
                           " connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,"
                           " project TEXT NOT NULL DEFAULT '',"
                           " remote_id TEXT NOT NULL DEFAULT '',"
                           " name TEXT NOT NULL,"
                           " description TEXT NOT NULL DEFAULT '',"
                           " key_id TEXT NOT NULL,"
                           " last4 TEXT NOT NULL DEFAULT '',"
                           " status TEXT NOT NULL CHECK (status IN ('active', 'inactive')),"
                           " created_at INTEGER,"
                           " expires_at INTEGER,"
                           " last_used_at INTEGER,"
                           " username TEXT NOT NULL DEFAULT '',"
                           " UNIQUE (connection_id, key_id))"),
            QStringLiteral("CREATE INDEX credentials_name ON credentials (name COLLATE NOCASE)"),
            QStringLiteral("CREATE INDEX credentials_expires ON credentials (expires_at)"),
            QStringLiteral("CREATE INDEX credentials_status_expires ON credentials (status, expires_at)"),
            QStringLiteral("CREATE INDEX credentials_created ON credentials (created_at)"),
        },
        // 2: test-call results, and indexes for sorting by last use and looking up by key id.
        {
            QStringLiteral("ALTER TABLE credentials ADD COLUMN last_tested_at INTEGER"),
            QStringLiteral("ALTER TABLE credentials ADD COLUMN last_test_result TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX credentials_last_used ON credentials (last_used_at)"),
            QStringLiteral("CREATE INDEX credentials_key_id ON credentials (key_id)"),
        },
        // 3: how to reach OAuth2 and API-key providers (token URL, client auth, headers, test call), as JSON.
        {
            QStringLiteral("ALTER TABLE connections ADD COLUMN provider_settings TEXT NOT NULL DEFAULT ''"),
        },
        // 4: expiry reminders already shown, so each is shown once per key, expiry and threshold.
        {
            QStringLiteral(
                "CREATE TABLE reminders_shown (reminder_key TEXT PRIMARY KEY, shown_at INTEGER NOT NULL)"),
        },
        // 5: rotation links a successor to the key it replaces (kept across syncs: the service does not
        // know).
        {
            QStringLiteral("ALTER TABLE credentials ADD COLUMN replaces_key_id TEXT NOT NULL DEFAULT ''"),
        },
        // 6: search and sort at a million rows. A trigram full-text index over the searchable columns, kept
        // by triggers (it stores only the index; the text stays in `credentials`), and an index for every
        // sortable column so a page is read by walking an index, never by sorting the whole table.
        {
            QStringLiteral("CREATE VIRTUAL TABLE credentials_search USING fts5("
                           " name, description, key_id, last4,"
                           " content = 'credentials', content_rowid = 'id', tokenize = 'trigram')"),
            QStringLiteral("CREATE TRIGGER credentials_search_insert AFTER INSERT ON credentials BEGIN"
                           " INSERT INTO credentials_search (rowid, name, description, key_id, last4)"
                           " VALUES (new.id, new.name, new.description, new.key_id, new.last4);"
                           " END"),
            QStringLiteral("CREATE TRIGGER credentials_search_delete AFTER DELETE ON credentials BEGIN"
                           " INSERT INTO credentials_search"
                           " (credentials_search, rowid, name, description, key_id, last4)"
                           " VALUES ('delete', old.id, old.name, old.description, old.key_id, old.last4);"
                           " END"),
            QStringLiteral("CREATE TRIGGER credentials_search_update"
                           " AFTER UPDATE OF name, description, key_id, last4 ON credentials BEGIN"
                           " INSERT INTO credentials_search"
                           " (credentials_search, rowid, name, description, key_id, last4)"
                           " VALUES ('delete', old.id, old.name, old.description, old.key_id, old.last4);"
                           " INSERT INTO credentials_search (rowid, name, description, key_id, last4)"
                           " VALUES (new.id, new.name, new.description, new.key_id, new.last4);"
                           " END"),
            QStringLiteral("INSERT INTO credentials_search (credentials_search) VALUES ('rebuild')"),
            QStringLiteral("CREATE INDEX credentials_status ON credentials (status)"),
            QStringLiteral("CREATE INDEX credentials_last4 ON credentials (last4)"),
            QStringLiteral("CREATE INDEX credentials_last_tested ON credentials (last_tested_at)"),
            QStringLiteral("CREATE INDEX connections_name ON connections (name COLLATE NOCASE)"),
        },
        // 7: one keychain naming scheme for the app and the CLI, by a random connection uid instead of the
        // reusable row id. Connections that exist now keep their old entry names until MigrateKeychainNames
        // has moved them (legacy_keychain_names = 1); connections added later start with the new names.
        {
            QStringLiteral("ALTER TABLE connections ADD COLUMN uid TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("UPDATE connections SET uid = lower(hex(randomblob(16))) WHERE uid = ''"),
            QStringLiteral("CREATE UNIQUE INDEX connections_uid ON connections (uid)"),
            QStringLiteral(
                "ALTER TABLE connections ADD COLUMN legacy_keychain_names INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("UPDATE connections SET legacy_keychain_names = 1"),
        },
        // 8: teams. A service's projects, who this computer is signed in as there and with which role, who
        // created each key, and the audit events seen so far (so a key's history reads offline).
        {
            QStringLiteral("ALTER TABLE credentials ADD COLUMN created_by TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE connections ADD COLUMN signed_in_as TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE connections ADD COLUMN role TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE TABLE projects ("
                           " connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,"
                           " project_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " key_count INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY (connection_id, project_id))"),
            QStringLiteral("CREATE TABLE events ("
                           " connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,"
                           " seq INTEGER NOT NULL,"
                           " at INTEGER NOT NULL,"
                           " actor TEXT NOT NULL,"
                           " role TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " project_id TEXT NOT NULL,"
                           " key_id TEXT NOT NULL,"
                           " source TEXT NOT NULL,"
                           " detail TEXT NOT NULL,"
                           " count INTEGER NOT NULL,"
                           " PRIMARY KEY (connection_id, seq))"),
            QStringLiteral("CREATE INDEX events_by_key ON events (connection_id, key_id, seq)"),
            QStringLiteral("CREATE INDEX credentials_project ON credentials (project, name COLLATE NOCASE)"),
        },
        // 9: "replaced by …" in the details panel looks a key's successor up by the key it replaces. Only
        // rotated keys are in the index.
        {
            QStringLiteral(
                "CREATE INDEX credentials_replaces ON credentials (connection_id, replaces_key_id) "
                "WHERE replaces_key_id <> ''"),
        },
        // 10: whether this computer kept a key's secret in its keychain (see KeptSecrets), so that deleting a
        // key whose secret was never kept does no keychain work. No secret, only a yes or no.
        {
            QStringLiteral("CREATE TABLE kept_secrets ("
                           " connection_id INTEGER NOT NULL REFERENCES connections(id) ON DELETE CASCADE,"
                           " key_id TEXT NOT NULL,"
                           " kept INTEGER NOT NULL,"
                           " PRIMARY KEY (connection_id, key_id))"),
        },
        // 11: sorted by status, keys are grouped by it and then by name, read from the index in that order.
        {
            QStringLiteral("DROP INDEX credentials_status"),
            QStringLiteral("CREATE INDEX credentials_status ON credentials (status, name COLLATE NOCASE)"),
        },
    };
    return steps;
}

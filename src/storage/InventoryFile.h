#pragma once

#include "core/Expected.h"

#include <QSqlDatabase>
#include <QString>

// The inventory's SQLite file and this thread's connection to it: opened with WAL journal, foreign keys on
// and the schema upgraded by PRAGMA user_version. A damaged, foreign or newer-version file is refused with a
// clear error and left byte-for-byte as it was. InventoryStore, InventoryTeam and KeptSecrets keep their
// tables in it.
class InventoryFile
{
public:
    InventoryFile();
    ~InventoryFile();
    InventoryFile(const InventoryFile&) = delete;
    InventoryFile& operator=(const InventoryFile&) = delete;

    Expected<void> open(const QString& path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    // How long a statement waits for another process's write (the CLI beside the app) before failing.
    void setBusyTimeoutMs(int ms) { m_busyTimeoutMs = ms; }
    QSqlDatabase database() const;

private:
    Expected<void> configureAndMigrate();

    QString m_connectionName;
    QString m_path;
    int m_busyTimeoutMs = 5000;
};

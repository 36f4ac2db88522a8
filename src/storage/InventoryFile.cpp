#include "InventoryFile.h"

#include "FoldedContains.h"
#include "InventorySchema.h"
#include "sql/SqlErrorMapper.h"
#include "sql/SqlTransaction.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QVariant>

namespace {

// A file that exists and has content but does not start with SQLite's magic header is not ours; we refuse
// it before SQLite touches it, so nothing (not even a journal) is ever written next to it.
bool looksLikeSqlite(const QString& path)
{
    QFile file(path);
    if (!file.exists() || file.size() == 0)
        return true;
    if (!file.open(QIODevice::ReadOnly))
        return true; // let SQLite report the permission problem in its own words
    static const QByteArray magic("SQLite format 3\0", 16);
    return file.read(16) == magic;
}

} // namespace

InventoryFile::InventoryFile()
{
    static QAtomicInteger<int> counter;
    m_connectionName = QStringLiteral("keydesk-inventory-%1").arg(counter.fetchAndAddRelaxed(1));
}

InventoryFile::~InventoryFile()
{
    close();
}

QSqlDatabase InventoryFile::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool InventoryFile::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

void InventoryFile::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = database();
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Expected<void> InventoryFile::open(const QString& path)
{
    close();
    m_path = path;
    const QString action = QCoreApplication::translate("InventoryStore", "open the inventory %1")
                               .arg(QDir::toNativeSeparators(path));
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error(
            Error::Kind::StorageReadOnly,
            QCoreApplication::translate("InventoryStore", "Could not create the folder %1 for the inventory.")
                .arg(QDir::toNativeSeparators(info.absolutePath())));
    }
    if (!looksLikeSqlite(path)) {
        return Error(Error::Kind::StorageCorrupt,
                     QCoreApplication::translate(
                         "InventoryStore",
                         "%1 is not a KeyDesk inventory (it is damaged or another kind of file). "
                         "It was left untouched.")
                         .arg(QDir::toNativeSeparators(path)));
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
    if (!db.open()) {
        Error error = SqlErrorMapper::map(db.lastError(), action);
        db = QSqlDatabase();
        close();
        return error;
    }
    Expected<void> ready = FoldedContains::install(db);
    if (ready)
        ready = configureAndMigrate();
    if (!ready) {
        db = QSqlDatabase();
        close();
    }
    return ready;
}

Expected<void> InventoryFile::configureAndMigrate()
{
    QSqlDatabase db = database();
    const QString action = QCoreApplication::translate("InventoryStore", "open the inventory %1")
                               .arg(QDir::toNativeSeparators(m_path));
    QSqlQuery q(db);
    // Reading the version first: a foreign or damaged file fails here, before anything is written.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return SqlErrorMapper::map(q.lastError(), action);
    const int version = q.value(0).toInt();
    q.finish();
    const int latest = InventorySchema::latestVersion();
    if (version > latest) {
        return Error(Error::Kind::StorageTooNew,
                     QCoreApplication::translate(
                         "InventoryStore",
                         "%1 was written by a newer KeyDesk (schema %2; this version knows up to %3). "
                         "Update KeyDesk to open it; the file was left untouched.")
                         .arg(QDir::toNativeSeparators(m_path))
                         .arg(version)
                         .arg(latest));
    }
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next())
        return SqlErrorMapper::map(q.lastError(), action);
    if (q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        return Error(Error::Kind::StorageReadOnly,
                     QCoreApplication::translate(
                         "InventoryStore",
                         "Could not switch the inventory to write-ahead logging (is the folder read-only?)."),
                     q.value(0).toString());
    }
    q.finish();
    for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL"}) {
        if (!q.exec(QString::fromLatin1(pragma)))
            return SqlErrorMapper::map(q.lastError(), action);
    }
    if (version == latest)
        return {};

    const QString migrateAction = QCoreApplication::translate("InventoryStore", "upgrade the inventory %1")
                                      .arg(QDir::toNativeSeparators(m_path));
    SqlTransaction transaction(db);
    if (auto begun = transaction.begin(migrateAction); !begun)
        return begun;
    const QList<QStringList>& steps = InventorySchema::migrations();
    for (int step = version; step < latest; ++step) {
        for (const QString& statement : steps.at(step)) {
            if (!q.exec(statement))
                return SqlErrorMapper::map(q.lastError(), migrateAction);
        }
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(latest)))
        return SqlErrorMapper::map(q.lastError(), migrateAction);
    return transaction.commit(migrateAction);
}

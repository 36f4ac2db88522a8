#include "ExpectedHelpers.h"
#include "storage/InventorySchema.h"
#include "storage/InventoryStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Writes a database exactly as an older KeyDesk left it: migrations 1..version, then some rows.
bool writeOldFile(const QString& path, int version)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        for (int step = 0; ok && step < version; ++step) {
            for (const QString& statement : InventorySchema::migrations().at(step))
                ok = ok && q.exec(statement);
        }
        // From v7 on, KeyDesk gave every connection it added a uid, with the current keychain names.
        ok = ok &&
             q.exec(version >= 7 ? QStringLiteral("INSERT INTO connections (id, name, kind, uid) VALUES "
                                                  "(1, 'Old', 'keydesk', '0123456789abcdef0123456789abcdef')")
                                 : QStringLiteral("INSERT INTO connections (id, name, kind) VALUES (1, "
                                                  "'Old', 'keydesk')"));
        ok = ok &&
             q.exec(QStringLiteral("INSERT INTO credentials (connection_id, name, key_id, last4, status) "
                                   "VALUES (1, 'legacy key', 'kd_LEGACY', 'ACY1', 'active')"));
        ok = ok && q.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));
    return ok;
}

} // namespace

class TestInventoryMigrations : public QObject
{
    Q_OBJECT

private slots:
    void newFileGetsTheLatestSchema();
    void upgradesEveryOlderVersion_data();
    void upgradesEveryOlderVersion();
    void refusesANewerFileWithoutTouchingIt();
    void reopeningIsANoOp();
};

void TestInventoryMigrations::newFileGetsTheLatestSchema()
{
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("new.sqlite"))));
    QCOMPARE(store.countCredentials().value(), 0);
    store.close();
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
    db.setDatabaseName(dir.filePath(QStringLiteral("new.sqlite")));
    QVERIFY(db.open());
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), InventorySchema::latestVersion());
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

void TestInventoryMigrations::upgradesEveryOlderVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v = 1; v < InventorySchema::latestVersion(); ++v)
        QTest::addRow("from v%d", v) << v;
}

void TestInventoryMigrations::upgradesEveryOlderVersion()
{
    QFETCH(int, version);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.sqlite"));
    QVERIFY(writeOldFile(path, version));
    InventoryStore store;
    auto opened = store.open(path);
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().toString()));
    auto all = store.credentials();
    KD_VERIFY_OK(all);
    QCOMPARE(all.value().size(), 1);
    QCOMPARE(all.value().first().name, QStringLiteral("legacy key"));
    QCOMPARE(all.value().first().last4, QStringLiteral("ACY1"));
    // The columns added later work on the upgraded file.
    QVERIFY(all.value().first().lastTestResult.isEmpty());
    KD_VERIFY_OK(store.saveCredential(all.value().first()));
    // Rows written before the search index existed are in it (narrowed by it, found by it).
    InventoryQuery search;
    search.search = QStringLiteral("LEGACY");
    auto planned = store.plan(search);
    KD_VERIFY_OK(planned);
    QVERIFY(planned.value().narrowedBySearchIndex());
    QCOMPARE(store.credentials(search).value().size(), 1);
    // v7: every connection has a uid that names its keychain entries, and still has its old entry names
    // until MigrateKeychainNames has moved them; a connection added now starts with the new names.
    const Connection old = store.connections().value().first();
    QCOMPARE(old.uid.size(), 32);
    QCOMPARE(old.legacyKeychainNames, version < 7);
    QCOMPARE(all.value().first().connectionUid, old.uid);
    QCOMPARE(all.value().first().keychainAccount(), QStringLiteral("credential/%1/kd_LEGACY").arg(old.uid));
    Connection added;
    added.name = QStringLiteral("New");
    auto id = store.addConnection(added);
    KD_VERIFY_OK(id);
    const Connection fresh = store.connection(id.value()).value();
    QVERIFY(!fresh.legacyKeychainNames);
    QCOMPARE(fresh.uid.size(), 32);
    QVERIFY(fresh.uid != old.uid);
}

void TestInventoryMigrations::refusesANewerFileWithoutTouchingIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("future.sqlite"));
    QVERIFY(writeOldFile(path, InventorySchema::latestVersion()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("future"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(InventorySchema::latestVersion() + 7)));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("future"));
    const QByteArray before = fileHash(path);

    InventoryStore store;
    auto opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind(), Error::Kind::StorageTooNew);
    QVERIFY2(opened.error().message().contains(QStringLiteral("newer KeyDesk")),
             qPrintable(opened.error().message()));
    QVERIFY(!store.isOpen());
    QCOMPARE(fileHash(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestInventoryMigrations::reopeningIsANoOp()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inv.sqlite"));
    {
        InventoryStore store;
        KD_VERIFY_OK(store.open(path));
        Connection c;
        c.name = QStringLiteral("Local");
        KD_VERIFY_OK(store.addConnection(c));
    }
    InventoryStore again;
    KD_VERIFY_OK(again.open(path));
    QCOMPARE(again.connections().value().size(), 1);
}

QTEST_GUILESS_MAIN(TestInventoryMigrations)
#include "tst_inventorymigrations.moc"

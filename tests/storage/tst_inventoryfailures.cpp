#include "ExpectedHelpers.h"
#include "TestConnections.h"
#include "storage/InventoryStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

namespace {

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

Credential credential(qint64 connectionId, int i, int descriptionSize = 10)
{
    Credential c;
    c.connectionId = connectionId;
    c.name = QStringLiteral("key %1").arg(i);
    c.keyId = QStringLiteral("kd_%1").arg(i);
    c.description = QString(descriptionSize, QLatin1Char('d'));
    return c;
}

} // namespace

class TestInventoryFailures : public QObject
{
    Q_OBJECT

private slots:
    void corruptFileIsRefusedAndUntouched_data();
    void corruptFileIsRefusedAndUntouched();
    void damagedSqliteFileIsRefused();
    void readOnlyLocationsGiveAClearError();
    void readOnlyFolderAsNonRoot();
    void fullDiskLosesNothing();
    void anotherProcessHoldingTheLockGivesAClearError();
};

void TestInventoryFailures::corruptFileIsRefusedAndUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text") << QByteArray("this is a shopping list, not a database\n");
    QTest::newRow("random bytes") << QByteArray(4096, '\xA5');
    QTest::newRow("json") << QByteArray("{\"keys\": []}");
}

void TestInventoryFailures::corruptFileIsRefusedAndUntouched()
{
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    const QByteArray before = fileHash(path);

    InventoryStore store;
    auto opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind(), Error::Kind::StorageCorrupt);
    QVERIFY(opened.error().message().contains(QStringLiteral("untouched")));
    QCOMPARE(fileHash(path), before);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
}

void TestInventoryFailures::damagedSqliteFileIsRefused()
{
    // A file with SQLite's header but garbage pages: the header check passes, SQLite itself must object.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.sqlite"));
    QByteArray bytes("SQLite format 3\0", 16);
    bytes += QByteArray(8192, '\x7F');
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    const QByteArray before = fileHash(path);

    InventoryStore store;
    auto opened = store.open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind(), Error::Kind::StorageCorrupt);
    QCOMPARE(fileHash(path), before);
}

void TestInventoryFailures::readOnlyLocationsGiveAClearError()
{
    // /proc is read-only for every user, root included, so this runs the real failure in CI too.
    InventoryStore store;
    auto noFolder = store.open(QStringLiteral("/proc/keydesk-test/inventory.sqlite"));
    QVERIFY(!noFolder.ok());
    QCOMPARE(noFolder.error().kind(), Error::Kind::StorageReadOnly);
    QVERIFY(noFolder.error().message().contains(QStringLiteral("/proc/keydesk-test")));

    auto noFile = store.open(QStringLiteral("/proc/self/inventory.sqlite"));
    QVERIFY(!noFile.ok());
    QVERIFY2(noFile.error().kind() == Error::Kind::StorageReadOnly, qPrintable(noFile.error().toString()));
    QVERIFY(!store.isOpen());
}

void TestInventoryFailures::readOnlyFolderAsNonRoot()
{
    if (geteuid() == 0)
        QSKIP("root ignores folder permissions; readOnlyLocationsGiveAClearError covers this as root");
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
    InventoryStore store;
    auto opened = store.open(dir.filePath(QStringLiteral("inventory.sqlite")));
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind(), Error::Kind::StorageReadOnly);
}

void TestInventoryFailures::fullDiskLosesNothing()
{
    // RLIMIT_FSIZE makes the kernel refuse to grow files past a size, exactly as a full disk refuses
    // a write; SIGXFSZ is ignored so the write fails with an error instead of killing the process.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.sqlite"));
    InventoryStore store;
    KD_VERIFY_OK(store.open(path));
    const qint64 connection = addTestConnection(store);
    QList<Credential> before;
    for (int i = 0; i < 20; ++i)
        before << credential(connection, i);
    KD_VERIFY_OK(store.replaceCredentials(connection, before, QDateTime::currentDateTimeUtc()));

    QList<Credential> big;
    for (int i = 0; i < 2000; ++i)
        big << credential(connection, 1000 + i, 2000);

    struct rlimit original
    {};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &original), 0);
    auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = original;
    small.rlim_cur = 256 * 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    auto result = store.replaceCredentials(connection, big, QDateTime::currentDateTimeUtc());
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &original), 0);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!result.ok());
    QVERIFY2(result.error().kind() == Error::Kind::StorageFull, qPrintable(result.error().toString()));
    QVERIFY(result.error().message().contains(QStringLiteral("Nothing was changed")));
    // The transaction rolled back: the 20 keys are there, none of the 2,000.
    auto after = store.credentials();
    QVERIFY(after.ok());
    QCOMPARE(after.value().size(), 20);
    // And the store keeps working once there is room again.
    KD_VERIFY_OK(store.saveCredential(credential(connection, 99)));
    store.close();
    InventoryStore reopened;
    KD_VERIFY_OK(reopened.open(path));
    QCOMPARE(reopened.countCredentials().value(), 21);
}

void TestInventoryFailures::anotherProcessHoldingTheLockGivesAClearError()
{
    const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (sqlite3.isEmpty())
        QFAIL("sqlite3 CLI not found; scripts/setup installs it");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.sqlite"));
    InventoryStore store;
    store.setBusyTimeoutMs(300);
    KD_VERIFY_OK(store.open(path));
    const qint64 connection = addTestConnection(store);
    KD_VERIFY_OK(store.saveCredential(credential(connection, 1)));

    // A second process takes the write lock and keeps it until we close its stdin.
    QProcess holder;
    holder.start(sqlite3, {path});
    QVERIFY(holder.waitForStarted());
    holder.write("BEGIN EXCLUSIVE;\nINSERT INTO connections (name, kind) VALUES ('held', 'apikey');\n"
                 "SELECT 'locked';\n");
    QVERIFY(holder.waitForReadyRead(5000));
    QVERIFY(holder.readAllStandardOutput().contains("locked"));

    auto blocked = store.saveCredential(credential(connection, 2));
    QVERIFY(!blocked.ok());
    QCOMPARE(blocked.error().kind(), Error::Kind::StorageLocked);
    QVERIFY(blocked.error().message().contains(QStringLiteral("another program")));
    // Reads still work while the other writer holds its lock (WAL).
    QCOMPARE(store.countCredentials().value(), 1);

    holder.write("ROLLBACK;\n.quit\n");
    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(5000));
    KD_VERIFY_OK(store.saveCredential(credential(connection, 2)));
    QCOMPARE(store.countCredentials().value(), 2);
}

QTEST_GUILESS_MAIN(TestInventoryFailures)
#include "tst_inventoryfailures.moc"

// keydesk_contains: the inventory's case-insensitive substring test, in C++ and as an SQLite function.
#include "ExpectedHelpers.h"
#include "storage/FoldedContains.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

class TestFoldedContains : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void folds_data();
    void folds();
    void sqlFunctionAgrees_data() { folds_data(); }
    void sqlFunctionAgrees();
    void sqlFunctionTakesAnyTexts();

private:
    QSqlDatabase m_db;
};

void TestFoldedContains::initTestCase()
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fold"));
    m_db.setDatabaseName(QStringLiteral(":memory:"));
    QVERIFY(m_db.open());
    KD_VERIFY_OK(FoldedContains::install(m_db));
}

void TestFoldedContains::cleanupTestCase()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("fold"));
}

void TestFoldedContains::folds_data()
{
    QTest::addColumn<QString>("haystack");
    QTest::addColumn<QString>("needle");
    QTest::addColumn<bool>("found");
    QTest::newRow("ascii") << QStringLiteral("Billing Export") << QStringLiteral("g ex") << true;
    QTest::newRow("ascii upper needle") << QStringLiteral("billing") << QStringLiteral("BILL") << true;
    QTest::newRow("umlaut") << QStringLiteral("Überwachung") << QStringLiteral("über") << true;
    QTest::newRow("accented upper") << QStringLiteral("café") << QStringLiteral("CAFÉ") << true;
    QTest::newRow("greek final sigma") << QStringLiteral("ΟΔΟΣ") << QStringLiteral("οδος") << true;
    QTest::newRow("cyrillic") << QStringLiteral("Ключ API") << QStringLiteral("КЛЮЧ") << true;
    QTest::newRow("no accent folding") << QStringLiteral("café") << QStringLiteral("cafe") << false;
    QTest::newRow("astral plane") << QStringLiteral("key 🔑 prod") << QStringLiteral("🔑 P") << true;
    QTest::newRow("absent") << QStringLiteral("billing") << QStringLiteral("payments") << false;
    QTest::newRow("longer needle") << QStringLiteral("kd") << QStringLiteral("kd_1") << false;
    QTest::newRow("empty needle") << QStringLiteral("anything") << QString() << true;
}

void TestFoldedContains::folds()
{
    QFETCH(QString, haystack);
    QFETCH(QString, needle);
    QFETCH(bool, found);
    QCOMPARE(FoldedContains::contains(haystack, needle), found);
}

void TestFoldedContains::sqlFunctionAgrees()
{
    QFETCH(QString, haystack);
    QFETCH(QString, needle);
    QFETCH(bool, found);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT keydesk_contains(?, ?)"));
    q.addBindValue(needle.isNull() ? QStringLiteral("") : needle);
    q.addBindValue(haystack);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toInt(), found ? 1 : 0);
}

void TestFoldedContains::sqlFunctionTakesAnyTexts()
{
    QSqlQuery q(m_db);
    // Any number of texts, NULLs skipped, broken UTF-8 read as U+FFFD rather than crashing or matching.
    QVERIFY(
        q.exec(QStringLiteral("SELECT keydesk_contains('ops', NULL, 'x', 'Ticket OPS-1'), "
                              "keydesk_contains('ops', NULL), keydesk_contains('a', CAST(X'C3' AS TEXT)), "
                              "keydesk_contains('\u00e9', CAST(X'C3A9' AS TEXT))")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QCOMPARE(q.value(1).toInt(), 0);
    QCOMPARE(q.value(2).toInt(), 0);
    QCOMPARE(q.value(3).toInt(), 1);
    // One folded needle per statement: many rows, same answer as one at a time.
    QVERIFY(q.exec(
        QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                       "SELECT count(*) FROM n WHERE keydesk_contains('7', 'K' || i)")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 271); // numbers 1..1000 with a 7 in them
}

QTEST_GUILESS_MAIN(TestFoldedContains)
#include "tst_foldedcontains.moc"

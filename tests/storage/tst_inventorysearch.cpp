// Search and sort over a generated inventory: every plan InventoryQuerySql can pick (trigram-narrowed,
// index walk, connection by connection) must give exactly what a brute-force reading of the rows gives.
#include "ExpectedHelpers.h"
#include "ManualClock.h"
#include "ReferenceInventory.h"
#include "TestConnections.h"
#include "storage/FoldedContains.h"
#include "storage/InventoryIdStream.h"
#include "storage/InventoryStore.h"
#include "storage/InventoryTeam.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <array>

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);

} // namespace

class TestInventorySearch : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void searchFindsWhatLikeFinds_data();
    void searchFindsWhatLikeFinds();
    void everyColumnSortsLikeTheRows_data();
    void everyColumnSortsLikeTheRows();
    void readingAPageNeverSortsTheTable_data();
    void readingAPageNeverSortsTheTable();
    void idStreamReadsInSlices();
    void searchIndexFollowsEveryChange();
    void hostileSearchTextsGiveAnAnswer_data();
    void hostileSearchTextsGiveAnAnswer();

private:
    QTemporaryDir m_dir;
    ManualClock m_clock{kNow};
    InventoryStore m_store{m_clock};
    ReferenceInventory m_reference; // the same rows, searched and sorted the obvious way
};

void TestInventorySearch::initTestCase()
{
    KD_VERIFY_OK(m_store.open(m_dir.filePath(QStringLiteral("inventory.sqlite"))));
    for (const char* name : {"Local", "monite Sandbox", "Überwachung", "m3ter"}) {
        Connection c;
        c.name = QString::fromUtf8(name);
        c.kind = Connection::Kind::OAuth2Provider;
        auto id = m_store.addConnection(c);
        KD_VERIFY_OK(id);
        m_reference.connectionNames.insert(id.value(), c.name);
    }
    const QList<qint64> connections = m_reference.connectionNames.keys();
    // Names with everything that could trip a query up: quotes, LIKE wildcards, FTS syntax, non-ASCII,
    // case differences; a few rare words among many common ones, so both search plans are exercised.
    static const char* const words[] = {"billing", "Billing",    "PAYMENTS", "über", "Über", "o'brien",
                                        "50%_off", "\"quoted\"", "a AND b",  "café", "Ключ", "zz"};
    for (int i = 0; i < 3000; ++i) {
        Credential c;
        c.connectionId = connections.at(i % connections.size());
        c.name = QStringLiteral("%1 key %2").arg(QString::fromUtf8(words[(i * 7) % 12])).arg(i);
        if (i % 500 == 0)
            c.name = QStringLiteral("rare needle %1").arg(i);
        c.description =
            i % 3 ? QStringLiteral("for %1 team").arg(QString::fromUtf8(words[i % 12])) : QString();
        c.keyId = QStringLiteral("kd_%1").arg(i * 7919 % 100000, 6, 10, QLatin1Char('0'));
        c.last4 = QString::number(i * 31 % 10000).rightJustified(4, QLatin1Char('0'));
        c.storedStatus = i % 5 ? KeyStatus::Active : KeyStatus::Inactive;
        c.createdAt = kNow.addSecs(-i * 3600);
        if (i % 4)
            c.expiresAt = kNow.addDays(i % 400 - 30);
        if (i % 3)
            c.lastUsedAt = kNow.addSecs(-(i % 97) * 86400);
        if (i % 6) // (names and ids without the letters searched for below)
            c.project = QStringLiteral("prj_%1").arg(i % 5);
        if (i % 4)
            c.createdBy = QString::fromLatin1(std::array{"ana", "kim", "sam"}[i % 3]);
        m_reference.rows << c;
    }
    KD_VERIFY_OK(m_store.saveCredentials(m_reference.rows));
    // The first connection is a team service with named projects: a search finds their keys by it.
    QList<Project> projects;
    for (const auto& [id, name] : {std::pair{"prj_0", "Checkout"}, std::pair{"prj_1", "Ledger"}}) {
        Project p;
        p.id = QLatin1String(id);
        p.name = QLatin1String(name);
        projects << p;
        m_reference.projectNames.insert({connections.first(), p.id}, p.name);
    }
    KD_VERIFY_OK(InventoryTeam(m_store).replaceProjects(connections.first(), projects, QStringLiteral("ana"),
                                                        Role::Admin));
    auto saved = m_store.credentials();
    KD_VERIFY_OK(saved);
    for (int i = 0; i < saved.value().size(); i += 7) // test results are recorded, not synced
        KD_VERIFY_OK(m_store.recordTest(saved.value().at(i).id, kNow.addSecs(-(i % 50) * 3600),
                                        QStringLiteral("204")));
    auto stored = m_store.credentials();
    KD_VERIFY_OK(stored);
    m_reference.rows = stored.value();
    QCOMPARE(m_reference.rows.size(), 3000);
}

void TestInventorySearch::cleanupTestCase()
{
    m_store.close();
}

void TestInventorySearch::searchFindsWhatLikeFinds_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<bool>("narrowed"); // whether the trigram index should be used for this one
    QTest::newRow("one letter") << QStringLiteral("b") << false;
    QTest::newRow("two letters") << QStringLiteral("zz") << false;
    QTest::newRow("rare word, any case") << QStringLiteral("NEEDLE") << true;
    QTest::newRow("common word") << QStringLiteral("key") << false;
    QTest::newRow("ascii case folds") << QStringLiteral("billing") << true;
    QTest::newRow("non-ascii case folds too") << QStringLiteral("über") << false; // a connection matches
    QTest::newRow("upper-case non-ascii") << QStringLiteral("ÜBER") << false;
    QTest::newRow("upper-case accent, narrowed") << QStringLiteral("CAFÉ") << true;
    QTest::newRow("cyrillic, short") << QStringLiteral("кл") << false;
    QTest::newRow("cyrillic, any case") << QStringLiteral("КЛЮЧ") << true;
    QTest::newRow("apostrophe") << QStringLiteral("o'brien") << true;
    QTest::newRow("like wildcards are literal") << QStringLiteral("50%_") << true;
    QTest::newRow("percent alone") << QStringLiteral("%") << false;
    QTest::newRow("double quotes") << QStringLiteral("\"quoted") << true;
    QTest::newRow("fts syntax is literal") << QStringLiteral("a AND b") << true;
    QTest::newRow("accent") << QStringLiteral("café") << true;
    QTest::newRow("key id digits") << QStringLiteral("kd_0791") << true;
    QTest::newRow("last 4") << QStringLiteral("0031") << true;
    QTest::newRow("project name") << QStringLiteral("checkout") << false; // a project matches
    QTest::newRow("project name, part") << QStringLiteral("LEDG") << false;
    QTest::newRow("connection name") << QStringLiteral("SANDBOX") << false;
    QTest::newRow("non-ascii connection name") << QStringLiteral("Überw") << false;
    QTest::newRow("nothing") << QStringLiteral("no such thing") << true;
}

void TestInventorySearch::searchFindsWhatLikeFinds()
{
    QFETCH(QString, search);
    QFETCH(bool, narrowed);
    InventoryQuery query;
    query.search = search;
    auto planned = m_store.plan(query);
    KD_VERIFY_OK(planned);
    QCOMPARE(planned.value().narrowedBySearchIndex(), narrowed);

    auto found = m_store.credentials(query);
    KD_VERIFY_OK(found);
    QList<Credential> expected = m_reference.matching(search);
    std::sort(expected.begin(), expected.end(), [](const Credential& a, const Credential& b) {
        const int byName = ReferenceInventory::compareNoCase(a.name, b.name);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    QStringList got, want;
    for (const Credential& c : found.value())
        got << c.name;
    for (const Credential& c : expected)
        want << c.name;
    QCOMPARE(got, want);
    QCOMPARE(m_store.countCredentials(query).value(), int(expected.size()));
    auto matches = [&](const QString& name) {
        return ReferenceInventory::likeMatches(name, search);
    };
    const bool connectionMatches =
        std::any_of(m_reference.connectionNames.cbegin(), m_reference.connectionNames.cend(), matches) ||
        std::any_of(m_reference.projectNames.cbegin(), m_reference.projectNames.cend(), matches);
    // Walking is chosen for short texts, matching connections or projects, and texts with many matches.
    if (!narrowed && search.size() >= 3 && !connectionMatches)
        QVERIFY2(expected.size() > InventoryQuerySql::SearchIndexLimit, "a dense row must be dense");
}

void TestInventorySearch::everyColumnSortsLikeTheRows_data()
{
    using C = InventoryQuery::Column;
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("search");
    for (const auto& [column, name] : QList<std::pair<C, const char*>>{{C::Name, "name"},
                                                                       {C::Connection, "connection"},
                                                                       {C::KeyId, "key id"},
                                                                       {C::Last4, "last 4"},
                                                                       {C::Status, "status"},
                                                                       {C::CreatedAt, "created"},
                                                                       {C::ExpiresAt, "expires"},
                                                                       {C::LastUsedAt, "last used"},
                                                                       {C::LastTestedAt, "last tested"},
                                                                       {C::Project, "project"},
                                                                       {C::CreatedBy, "created by"}}) {
        for (bool descending : {false, true}) {
            for (const char* search : {"", "needle", "e"}) {
                QTest::addRow("%s %s '%s'", name, descending ? "desc" : "asc", search)
                    << int(column) << descending << QString::fromLatin1(search);
            }
        }
    }
}

void TestInventorySearch::everyColumnSortsLikeTheRows()
{
    using C = InventoryQuery::Column;
    QFETCH(int, column);
    QFETCH(bool, descending);
    QFETCH(QString, search);
    InventoryQuery query;
    query.sortColumn = C(column);
    query.sortOrder = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    query.search = search;

    const QList<Credential> expected =
        m_reference.sorted(m_reference.matching(search), C(column), descending);
    QVector<qint64> want;
    for (const Credential& c : expected)
        want << c.id;

    auto rows = m_store.credentials(query);
    KD_VERIFY_OK(rows);
    QVector<qint64> got;
    for (const Credential& c : rows.value())
        got << c.id;
    QCOMPARE(got, want);

    auto stream = m_store.streamIds(query);
    KD_VERIFY_OK(stream);
    QVector<qint64> streamed;
    while (!stream.value()->atEnd())
        KD_VERIFY_OK(stream.value()->readMore(streamed, 257));
    QCOMPARE(streamed, want);
}

void TestInventorySearch::readingAPageNeverSortsTheTable_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<QString>("search");
    for (int column = 0; column <= int(InventoryQuery::Column::LastTestedAt); ++column) {
        for (bool descending : {false, true}) {
            for (const char* search : {"", "e", "key"}) {
                QTest::addRow("column %d %s '%s'", column, descending ? "desc" : "asc", search)
                    << column << descending << QString::fromLatin1(search);
            }
        }
    }
}

void TestInventorySearch::readingAPageNeverSortsTheTable()
{
    QFETCH(int, column);
    QFETCH(bool, descending);
    QFETCH(QString, search);
    InventoryQuery query;
    query.sortColumn = InventoryQuery::Column(column);
    query.sortOrder = descending ? Qt::DescendingOrder : Qt::AscendingOrder;
    query.search = search;
    query.status = KeyStatus::Active;
    query.neverUsed = true;
    auto planned = m_store.plan(query);
    KD_VERIFY_OK(planned);
    // (A search the trigram index narrows sorts its few thousand candidates; that is the point of it.)
    QVERIFY(!planned.value().narrowedBySearchIndex());
    for (const SqlStatement& statement : planned.value().ids()) {
        QString plan;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("explain"));
            db.setDatabaseName(m_store.path());
            QVERIFY(db.open());
            KD_VERIFY_OK(FoldedContains::install(db));
            QSqlQuery q(db);
            q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + statement.sql);
            for (const QVariant& v : statement.values)
                q.addBindValue(v);
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            while (q.next())
                plan += q.value(3).toString() + QLatin1Char('\n');
        }
        QSqlDatabase::removeDatabase(QStringLiteral("explain"));
        QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan));
    }
}

void TestInventorySearch::idStreamReadsInSlices()
{
    auto stream = m_store.streamIds({});
    KD_VERIFY_OK(stream);
    QVector<qint64> ids;
    KD_VERIFY_OK(stream.value()->readMore(ids, 100));
    QCOMPARE(ids.size(), 100);
    // A deadline already past: it still makes progress (one check interval), then yields.
    KD_VERIFY_OK(stream.value()->readMore(ids, 5000, QDeadlineTimer(0)));
    QCOMPARE(ids.size(), 164);
    QVERIFY(!stream.value()->atEnd());
    KD_VERIFY_OK(stream.value()->readMore(ids, 5000));
    QVERIFY(stream.value()->atEnd());
    QCOMPARE(ids.size(), 3000);
    QCOMPARE(QSet<qint64>(ids.begin(), ids.end()).size(), 3000);
}

void TestInventorySearch::hostileSearchTextsGiveAnAnswer_data()
{
    // Found by fuzz/fuzz_inventory_search; each failed with an SQL error before it was fixed.
    QTest::addColumn<QByteArray>("utf8");
    QTest::newRow("NUL and a control character") << QByteArray("\xcf\x83\xce\xaf\xcf\x83\xcf\x85\xcf\x01\x00"
                                                               "20z:\xcf\x82",
                                                               17);
    QTest::newRow("NUL alone, narrowed") << QByteArray("abc\0def", 7);
}

void TestInventorySearch::hostileSearchTextsGiveAnAnswer()
{
    QFETCH(QByteArray, utf8);
    InventoryQuery query;
    query.search = QString::fromUtf8(utf8);
    auto found = m_store.credentials(query);
    KD_VERIFY_OK(found);
    auto counted = m_store.countCredentials(query);
    KD_VERIFY_OK(counted);
    QCOMPARE(counted.value(), int(m_reference.matching(query.search).size()));
}

void TestInventorySearch::searchIndexFollowsEveryChange()
{
    QTemporaryDir dir;
    InventoryStore store(m_clock);
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("changes.sqlite"))));
    const qint64 connectionId = addTestConnection(store);
    Credential c;
    c.connectionId = connectionId;
    c.name = QStringLiteral("original name");
    c.keyId = QStringLiteral("kd_first");
    c.last4 = QStringLiteral("WXYZ");
    const qint64 id = store.saveCredential(c).value();

    // Reads the index itself: LIKE re-checks every candidate, so a stale index would hide behind it.
    const QString file = dir.filePath(QStringLiteral("changes.sqlite"));
    const auto indexed = [&](const QString& phrase) {
        QList<qint64> ids;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(file);
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral(
                    "SELECT rowid FROM credentials_search WHERE credentials_search MATCH ? ORDER BY rowid"));
                q.addBindValue(QString(QLatin1Char('"') + phrase + QLatin1Char('"')));
                if (q.exec()) {
                    while (q.next())
                        ids << q.value(0).toLongLong();
                }
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        return ids;
    };
    QCOMPARE(indexed(QStringLiteral("original")), QList<qint64>{id});

    c.name = QStringLiteral("renamed key");
    c.description = QStringLiteral("now with notes");
    KD_VERIFY_OK(store.saveCredential(c)); // an upsert: the update trigger
    QCOMPARE(indexed(QStringLiteral("original")), QList<qint64>{});
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{id});
    QCOMPARE(indexed(QStringLiteral("notes")), QList<qint64>{id});
    KD_VERIFY_OK(store.recordTest(id, kNow, QStringLiteral("204 in 3 ms"))); // not indexed, no churn
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{id});

    KD_VERIFY_OK(store.removeCredential(id));
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{});

    c.keyId = QStringLiteral("kd_second");
    const qint64 second = store.saveCredential(c).value();
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{second});
    KD_VERIFY_OK(store.replaceCredentials(connectionId, {}, kNow)); // a sync that removes it
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{});

    const qint64 third = store.saveCredential(c).value();
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{third});
    KD_VERIFY_OK(store.removeConnection(connectionId)); // ON DELETE CASCADE
    QCOMPARE(indexed(QStringLiteral("renamed")), QList<qint64>{});
    QCOMPARE(indexed(QStringLiteral("kd_")), QList<qint64>{});
}

QTEST_GUILESS_MAIN(TestInventorySearch)
#include "tst_inventorysearch.moc"

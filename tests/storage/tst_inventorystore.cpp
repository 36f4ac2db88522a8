#include "ExpectedHelpers.h"
#include "ManualClock.h"
#include "storage/InventoryStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class TestInventoryStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createsWalDatabaseWithForeignKeys();
    void savesAndReadsACredential();
    void upsertUpdatesByConnectionAndKeyId();
    void findsAKeyByItsKeyIdInItsConnection();
    void sqlLookingNamesAreStoredVerbatim();
    void replaceCredentialsSyncsInOneTransaction();
    void filtersByStatusAndExpiry();
    void searchMatchesEveryTextColumn();
    void searchTreatsWildcardsLiterally();
    void sortsAndPages();
    void removingAConnectionRemovesItsCredentials();
    void duplicateConnectionNameIsAConflict();
    void hasNoColumnForASecret();
    void indexesServeSearchFilterAndSort();
    void rotationLinksBothWaysAndNotToDeletedKeys();

private:
    Credential makeCredential(const QString& name, const QString& keyId, qint64 expiresInDays = 0);

    QTemporaryDir* m_dir = nullptr;
    ManualClock m_clock{QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC)};
    InventoryStore* m_store = nullptr;
    qint64 m_connection = 0;
};

void TestInventoryStore::init()
{
    m_dir = new QTemporaryDir;
    m_store = new InventoryStore(m_clock);
    auto opened = m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite")));
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().toString()));
    Connection local;
    local.name = QStringLiteral("Local");
    local.embedded = true;
    local.url = QUrl(QStringLiteral("http://127.0.0.1:1234"));
    auto id = m_store->addConnection(local);
    QVERIFY(id.ok());
    m_connection = id.value();
}

void TestInventoryStore::cleanup()
{
    delete m_store;
    delete m_dir;
}

Credential TestInventoryStore::makeCredential(const QString& name, const QString& keyId, qint64 expiresInDays)
{
    Credential c;
    c.connectionId = m_connection;
    c.project = QStringLiteral("p1");
    c.remoteId = keyId + QStringLiteral("-remote");
    c.name = name;
    c.description = QStringLiteral("for ") + name;
    c.keyId = keyId;
    c.last4 = keyId.right(4);
    c.createdAt = m_clock.now().addDays(-1);
    if (expiresInDays != 0)
        c.expiresAt = m_clock.now().addDays(expiresInDays);
    return c;
}

void TestInventoryStore::createsWalDatabaseWithForeignKeys()
{
    QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
    probe.setDatabaseName(m_store->path());
    QVERIFY(probe.open());
    {
        QSqlQuery q(probe);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QVERIFY(q.value(0).toInt() >= 2);
    }
    probe.close();
    probe = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    // Foreign keys are enforced: a credential for a connection that does not exist is refused.
    Credential orphan = makeCredential(QStringLiteral("orphan"), QStringLiteral("kd_ORPHAN"));
    orphan.connectionId = 9999;
    QVERIFY(!m_store->saveCredential(orphan).ok());
}

void TestInventoryStore::savesAndReadsACredential()
{
    Credential c =
        makeCredential(QStringLiteral("Überwachung"), QStringLiteral("kd_AAAABBBBCCCCDDDDEEEE"), 30);
    c.lastUsedAt = m_clock.now().addSecs(-5);
    c.username = QStringLiteral("apiuser-1@example.test");
    auto id = m_store->saveCredential(c);
    QVERIFY(id.ok());
    auto all = m_store->credentials();
    QVERIFY(all.ok());
    QCOMPARE(all.value().size(), 1);
    const Credential& read = all.value().first();
    QCOMPARE(read.id, id.value());
    QCOMPARE(read.name, c.name);
    QCOMPARE(read.description, c.description);
    QCOMPARE(read.keyId, c.keyId);
    QCOMPARE(read.last4, QStringLiteral("EEEE"));
    QCOMPARE(read.project, c.project);
    QCOMPARE(read.remoteId, c.remoteId);
    QCOMPARE(read.createdAt, c.createdAt);
    QCOMPARE(read.expiresAt, c.expiresAt);
    QCOMPARE(read.lastUsedAt, c.lastUsedAt);
    QCOMPARE(read.username, c.username);
    QCOMPARE(read.storedStatus, KeyStatus::Active);
    QVERIFY(!read.lastTestedAt.isValid());
}

void TestInventoryStore::upsertUpdatesByConnectionAndKeyId()
{
    Credential c = makeCredential(QStringLiteral("first"), QStringLiteral("kd_SAME"));
    auto first = m_store->saveCredential(c);
    c.name = QStringLiteral("renamed");
    c.storedStatus = KeyStatus::Inactive;
    auto second = m_store->saveCredential(c);
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(second.value(), first.value());
    auto all = m_store->credentials();
    QCOMPARE(all.value().size(), 1);
    QCOMPARE(all.value().first().name, QStringLiteral("renamed"));
    QCOMPARE(all.value().first().storedStatus, KeyStatus::Inactive);
}

// Selecting a key the window was just told about reads one row, not the connection's keys.
void TestInventoryStore::findsAKeyByItsKeyIdInItsConnection()
{
    const auto saved =
        m_store->saveCredential(makeCredential(QStringLiteral("wanted"), QStringLiteral("kd_WANTED")));
    KD_VERIFY_OK(saved);
    KD_VERIFY_OK(
        m_store->saveCredential(makeCredential(QStringLiteral("other"), QStringLiteral("kd_OTHER"))));
    const auto found = m_store->credentialId(m_connection, QStringLiteral("kd_WANTED"));
    KD_VERIFY_OK(found);
    QCOMPARE(found.value(), std::optional<qint64>(saved.value()));
    QCOMPARE(m_store->credentialId(m_connection, QStringLiteral("kd_NONE")).value(), std::nullopt);
    QCOMPARE(m_store->credentialId(m_connection + 1, QStringLiteral("kd_WANTED")).value(), std::nullopt);
}

void TestInventoryStore::sqlLookingNamesAreStoredVerbatim()
{
    const QString hostile = QStringLiteral("x'); DROP TABLE credentials; --");
    Credential c = makeCredential(hostile, QStringLiteral("kd_'\"--"));
    c.description = QStringLiteral("\"; DELETE FROM connections; --");
    KD_VERIFY_OK(m_store->saveCredential(c));
    auto all = m_store->credentials();
    QVERIFY(all.ok());
    QCOMPARE(all.value().first().name, hostile);
    QCOMPARE(all.value().first().description, c.description);
    QCOMPARE(m_store->connections().value().size(), 1);
}

void TestInventoryStore::replaceCredentialsSyncsInOneTransaction()
{
    KD_VERIFY_OK(m_store->saveCredential(makeCredential(QStringLiteral("gone"), QStringLiteral("kd_GONE"))));
    KD_VERIFY_OK(m_store->saveCredential(makeCredential(QStringLiteral("kept"), QStringLiteral("kd_KEPT"))));
    Credential kept = makeCredential(QStringLiteral("kept, renamed"), QStringLiteral("kd_KEPT"));
    Credential added = makeCredential(QStringLiteral("new"), QStringLiteral("kd_NEW"));
    const QDateTime syncedAt = m_clock.now();
    KD_VERIFY_OK(m_store->replaceCredentials(m_connection, {kept, added}, syncedAt));

    auto all = m_store->credentials();
    QStringList names;
    for (const Credential& c : all.value())
        names << c.name;
    QCOMPARE(names, (QStringList{QStringLiteral("kept, renamed"), QStringLiteral("new")}));
    QCOMPARE(m_store->connections().value().first().lastSyncedAt, syncedAt);
}

void TestInventoryStore::filtersByStatusAndExpiry()
{
    Credential active = makeCredential(QStringLiteral("active"), QStringLiteral("kd_A"), 90);
    Credential soon = makeCredential(QStringLiteral("soon"), QStringLiteral("kd_S"), 10);
    Credential expired = makeCredential(QStringLiteral("expired"), QStringLiteral("kd_E"), -1);
    Credential inactive = makeCredential(QStringLiteral("inactive"), QStringLiteral("kd_I"));
    inactive.storedStatus = KeyStatus::Inactive;
    Credential never = makeCredential(QStringLiteral("never"), QStringLiteral("kd_N"));
    for (const Credential& c : {active, soon, expired, inactive, never})
        KD_VERIFY_OK(m_store->saveCredential(c));

    auto names = [this](InventoryQuery q) {
        QStringList result;
        for (const Credential& c : m_store->credentials(q).value())
            result << c.name;
        return result;
    };
    InventoryQuery q;
    q.status = KeyStatus::Active;
    QCOMPARE(names(q),
             (QStringList{QStringLiteral("active"), QStringLiteral("never"), QStringLiteral("soon")}));
    q.status = KeyStatus::Inactive;
    QCOMPARE(names(q), QStringList{QStringLiteral("inactive")});
    q.status = KeyStatus::Expired;
    QCOMPARE(names(q), QStringList{QStringLiteral("expired")});
    q = {};
    q.expiringWithinDays = 14;
    QCOMPARE(names(q), QStringList{QStringLiteral("soon")});
    QCOMPARE(m_store->countCredentials(q).value(), 1);

    // Time passes: "soon" expires and moves from active to expired.
    m_clock.advanceSeconds(11 * 86400);
    q = {};
    q.status = KeyStatus::Expired;
    QCOMPARE(names(q), (QStringList{QStringLiteral("expired"), QStringLiteral("soon")}));
}

void TestInventoryStore::searchMatchesEveryTextColumn()
{
    Credential c =
        makeCredential(QStringLiteral("Billing export"), QStringLiteral("kd_QWERTYUIOPASDFGH7Z9X"));
    c.description = QStringLiteral("used by the nightly CRON job");
    c.last4 = QStringLiteral("w9Zq");
    KD_VERIFY_OK(m_store->saveCredential(c));
    KD_VERIFY_OK(
        m_store->saveCredential(makeCredential(QStringLiteral("other"), QStringLiteral("kd_OTHER"))));
    for (const QString& needle : {QStringLiteral("billing"), QStringLiteral("cron"), QStringLiteral("ASDFGH"),
                                  QStringLiteral("w9zq"), QStringLiteral("loc")}) {
        InventoryQuery q;
        q.search = needle;
        const int expected = needle == QStringLiteral("loc") ? 2 : 1; // "Local" is the connection's name
        QCOMPARE(m_store->countCredentials(q).value(), expected);
    }
}

void TestInventoryStore::searchTreatsWildcardsLiterally()
{
    KD_VERIFY_OK(m_store->saveCredential(makeCredential(QStringLiteral("a_b"), QStringLiteral("kd_1"))));
    KD_VERIFY_OK(m_store->saveCredential(makeCredential(QStringLiteral("axb"), QStringLiteral("kd_2"))));
    InventoryQuery q;
    q.search = QStringLiteral("a_b");
    QCOMPARE(m_store->countCredentials(q).value(), 1);
    q.search = QStringLiteral("%");
    QCOMPARE(m_store->countCredentials(q).value(), 0);
}

void TestInventoryStore::sortsAndPages()
{
    for (int i = 0; i < 25; ++i) {
        Credential c = makeCredential(QStringLiteral("key %1").arg(i, 2, 10, QLatin1Char('0')),
                                      QStringLiteral("kd_%1").arg(i), i + 1);
        KD_VERIFY_OK(m_store->saveCredential(c));
    }
    InventoryQuery q;
    q.sortColumn = InventoryQuery::Column::ExpiresAt;
    q.sortOrder = Qt::DescendingOrder;
    q.limit = 10;
    q.offset = 10;
    auto page = m_store->credentials(q);
    QCOMPARE(page.value().size(), 10);
    QCOMPARE(page.value().first().name, QStringLiteral("key 14"));
    QCOMPARE(page.value().last().name, QStringLiteral("key 05"));
}

void TestInventoryStore::removingAConnectionRemovesItsCredentials()
{
    KD_VERIFY_OK(m_store->saveCredential(makeCredential(QStringLiteral("a"), QStringLiteral("kd_1"))));
    KD_VERIFY_OK(m_store->removeConnection(m_connection));
    QCOMPARE(m_store->countCredentials().value(), 0);
}

void TestInventoryStore::duplicateConnectionNameIsAConflict()
{
    Connection again;
    again.name = QStringLiteral("Local");
    auto result = m_store->addConnection(again);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind(), Error::Kind::Conflict);
    QVERIFY(result.error().message().contains(QStringLiteral("Local")));
}

void TestInventoryStore::hasNoColumnForASecret()
{
    QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("columns"));
    probe.setDatabaseName(m_store->path());
    QVERIFY(probe.open());
    {
        QSqlQuery q(probe);
        QVERIFY(
            q.exec(QStringLiteral("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                                  "WHERE m.type = 'table'")));
        int columns = 0;
        while (q.next()) {
            ++columns;
            const QString column = q.value(1).toString().toLower();
            QVERIFY2(!column.contains(QLatin1String("secret")) && !column.contains(QLatin1String("token")) &&
                         !column.contains(QLatin1String("password")),
                     qPrintable(q.value(0).toString() + QLatin1Char('.') + column));
        }
        QVERIFY(columns > 10);
    }
    probe.close();
    probe = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("columns"));
}

void TestInventoryStore::indexesServeSearchFilterAndSort()
{
    QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("plan"));
    probe.setDatabaseName(m_store->path());
    QVERIFY(probe.open());
    {
        QSqlQuery q(probe);
        auto plan = [&](const QString& sql) {
            QString text;
            if (q.exec(QStringLiteral("EXPLAIN QUERY PLAN ") + sql)) {
                while (q.next())
                    text += q.value(3).toString() + QLatin1Char('\n');
            }
            return text;
        };
        QVERIFY(plan(QStringLiteral("SELECT id FROM credentials ORDER BY name COLLATE NOCASE LIMIT 50"))
                    .contains(QLatin1String("credentials_name")));
        QVERIFY(plan(QStringLiteral("SELECT id FROM credentials WHERE expires_at > 1 AND expires_at <= 2"))
                    .contains(QLatin1String("INDEX credentials_")));
        QVERIFY(
            plan(QStringLiteral("SELECT id FROM credentials WHERE status = 'inactive' AND expires_at > 5"))
                .contains(QLatin1String("credentials_status_expires")));
        QVERIFY(plan(QStringLiteral("SELECT id FROM credentials ORDER BY last_used_at DESC LIMIT 50"))
                    .contains(QLatin1String("credentials_last_used")));
    }
    probe.close();
    probe = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("plan"));
}

void TestInventoryStore::rotationLinksBothWaysAndNotToDeletedKeys()
{
    const qint64 oldId =
        m_store->saveCredential(makeCredential(QStringLiteral("Billing"), QStringLiteral("kd_OLD1"))).value();
    const qint64 newId =
        m_store->saveCredential(makeCredential(QStringLiteral("Billing v2"), QStringLiteral("kd_NEW2")))
            .value();
    QVERIFY(m_store->linkSuccessor(m_connection, QStringLiteral("kd_NEW2"), QStringLiteral("kd_OLD1")).ok());
    auto read = [&](qint64 id) {
        return m_store->credentialsByIds({id}).value().value(0);
    };
    const auto fromOld = m_store->rotationLinks(read(oldId)).value();
    QVERIFY(!fromOld.replaces);
    QVERIFY(fromOld.replacedBy && fromOld.replacedBy->name == QStringLiteral("Billing v2"));
    const auto fromNew = m_store->rotationLinks(read(newId)).value();
    QVERIFY(fromNew.replaces && fromNew.replaces->keyId == QStringLiteral("kd_OLD1"));
    QVERIFY(!fromNew.replacedBy);
    // The lookup of a successor walks the partial index, not the whole table.
    {
        QSqlDatabase probe = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("links"));
        probe.setDatabaseName(m_store->path());
        QVERIFY(probe.open());
        QSqlQuery plan(probe);
        QVERIFY(
            plan.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM credentials WHERE connection_id = 1 "
                                     "AND replaces_key_id = 'x' AND replaces_key_id <> '' LIMIT 1")));
        QVERIFY(plan.next());
        QVERIFY2(plan.value(3).toString().contains(QStringLiteral("credentials_replaces")),
                 qPrintable(plan.value(3).toString()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("links"));
    // Either end deleted: the other no longer points at it.
    QVERIFY(m_store->removeCredential(oldId).ok());
    QVERIFY(!m_store->rotationLinks(read(newId)).value().replaces);
    const qint64 again =
        m_store->saveCredential(makeCredential(QStringLiteral("Old again"), QStringLiteral("kd_OLD1")))
            .value();
    QVERIFY(m_store->removeCredential(newId).ok());
    QVERIFY(!m_store->rotationLinks(read(again)).value().replacedBy);
}

QTEST_GUILESS_MAIN(TestInventoryStore)
#include "tst_inventorystore.moc"

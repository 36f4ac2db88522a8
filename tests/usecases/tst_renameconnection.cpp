#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "MemorySecretStore.h"
#include "TestConnections.h"
#include "core/KeychainNames.h"
#include "storage/InventoryStore.h"
#include "usecases/RelabelKeychainEntries.h"
#include "usecases/RenameConnection.h"

#include <QTemporaryDir>
#include <QTest>

// A team server was named after its host and could not be renamed (issue 28, item 19): renaming keeps the
// keys and their secrets, rewrites the keychain labels that name the connection, and refuses a name that
// is taken, empty, too long or full of control characters.
class TestRenameConnection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void renamingKeepsTheKeysAndRelabelsTheirEntries();
    void aNameIsCheckedAndUnique();
    void aLargeInventoryIsRelabelledPageByPage();

private:
    Credential storedKey(qint64 connectionId, const QString& name);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<InventoryStore> m_store;
    MemorySecretStore m_secrets;
};

void TestRenameConnection::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<InventoryStore>();
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
}

Credential TestRenameConnection::storedKey(qint64 connectionId, const QString& name)
{
    Credential c;
    c.connectionId = connectionId;
    c.connectionUid = m_store->connection(connectionId).value().uid;
    c.name = name;
    c.keyId = QStringLiteral("kd_") + name;
    c.id = m_store->saveCredential(c).value();
    m_secrets.writeSecret(c.keychainAccount(), KeychainNames::label(c.name, QStringLiteral("old")),
                          SecretBytes::fromUtf8(QStringLiteral("secret")), [](Expected<void>) {});
    return c;
}

void TestRenameConnection::renamingKeepsTheKeysAndRelabelsTheirEntries()
{
    const qint64 team = addTestConnection(*m_store, QStringLiteral("127.0.0.1"));
    const qint64 other = addTestConnection(*m_store, QStringLiteral("Other"));
    const Credential deploy = storedKey(team, QStringLiteral("Deploy"));
    const Credential elsewhere = storedKey(other, QStringLiteral("Elsewhere"));
    RenameConnection rename(*m_store, &m_secrets);
    const auto renamed = awaitResult<Connection>([&](auto done) {
        rename.run(m_store->connection(team).value(), QStringLiteral("  Team keys "), done);
    });
    KD_VERIFY_OK(renamed);
    QCOMPARE(renamed.value().name, QStringLiteral("Team keys"));
    QCOMPARE(m_store->connection(team).value().name, QStringLiteral("Team keys"));
    QCOMPARE(m_store->credentials(InventoryQuery::inConnection(team)).value().size(), 1);
    QCOMPARE(m_secrets.labelOf(deploy.keychainAccount()),
             KeychainNames::label(QStringLiteral("Deploy"), QStringLiteral("Team keys")));
    QCOMPARE(m_secrets.labelOf(elsewhere.keychainAccount()),
             KeychainNames::label(QStringLiteral("Elsewhere"), QStringLiteral("old"))); // not this one's
}

void TestRenameConnection::aNameIsCheckedAndUnique()
{
    const qint64 team = addTestConnection(*m_store, QStringLiteral("127.0.0.1"));
    (void)addTestConnection(*m_store, QStringLiteral("Taken"));
    RenameConnection rename(*m_store, &m_secrets);
    const auto renameTo = [&](const QString& name) {
        return awaitResult<Connection>(
            [&](auto done) { rename.run(m_store->connection(team).value(), name, done); });
    };
    QCOMPARE(renameTo(QStringLiteral("Taken")).error().kind(), Error::Kind::Conflict);
    for (const QString& bad : {QStringLiteral("   "), QString(65, QLatin1Char('x')),
                               QStringLiteral("Evil\x1b[2J"), QStringLiteral("Right\u202Eto left")})
        QCOMPARE(renameTo(bad).error().kind(), Error::Kind::InvalidInput);
    QCOMPARE(m_store->connection(team).value().name, QStringLiteral("127.0.0.1")); // unchanged throughout
    KD_VERIFY_OK(renameTo(QString(64, QLatin1Char('x'))));
}

// Relabelling reads the inventory a page at a time (it read it whole before the window's first paint:
// 2.4 s at 100,000 keys): every entry on either side of a page boundary still gets its label.
void TestRenameConnection::aLargeInventoryIsRelabelledPageByPage()
{
    const qint64 big = addTestConnection(*m_store, QStringLiteral("Big"));
    const qint64 small = addTestConnection(*m_store, QStringLiteral("Small"));
    QList<Credential> keys;
    for (int i = 0; i < 401; ++i)
        keys << storedKey(big, QStringLiteral("k%1").arg(i, 3, 10, QLatin1Char('0')));
    keys << storedKey(small, QStringLiteral("alone"));
    RelabelKeychainEntries relabel(*m_store, m_secrets);
    std::optional<RelabelKeychainEntries::Report> report;
    relabel.run([&](RelabelKeychainEntries::Report r) { report = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 30000);
    QVERIFY2(report->problems.isEmpty(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    QVERIFY(report->relabelled >= keys.size()); // and the connections' sign-in tokens, if any
    for (const Credential& key : keys) {
        const QString connection = key.connectionId == big ? QStringLiteral("Big") : QStringLiteral("Small");
        QCOMPARE(m_secrets.labelOf(key.keychainAccount()), KeychainNames::label(key.name, connection));
    }
}

QTEST_MAIN(TestRenameConnection)
#include "tst_renameconnection.moc"

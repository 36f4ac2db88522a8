#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "MemorySecretStore.h"
#include "SecretServiceLabels.h"
#include "core/KeychainNames.h"
#include "storage/InventorySchema.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/MigrateKeychainNames.h"
#include "usecases/RelabelKeychainEntries.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

// An inventory exactly as KeyDesk 0.1 (schema v6) left it: the local service with a key, a team server added
// by keydesk-cli with a key, and an OAuth2 vendor with a hand-imported client.
bool writeVersion6Inventory(const QString& path)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v6"));
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        for (int step = 0; ok && step < 6; ++step) {
            for (const QString& statement : InventorySchema::migrations().at(step))
                ok = ok && q.exec(statement);
        }
        for (
            const char* sql :
            {"INSERT INTO connections (id, name, kind, embedded) VALUES (1, 'Local', 'keydesk', 1)",
             "INSERT INTO connections (id, name, kind, url) VALUES (2, 'Team', 'keydesk', "
             "'https://team.example')",
             "INSERT INTO connections (id, name, kind, provider_settings) VALUES (3, 'Vendor', 'oauth2', "
             "'{\"token_url\":\"https://auth.vendor.example/token\"}')",
             "INSERT INTO credentials (connection_id, name, key_id, status) VALUES (1, 'Deploy', 'kd_LOCAL', "
             "'active')",
             "INSERT INTO credentials (connection_id, name, key_id, status) VALUES (2, 'Billing', 'kd_TEAM', "
             "'active')",
             "INSERT INTO credentials (connection_id, name, key_id, status) VALUES (3, 'Client', 'client-1', "
             "'active')",
             "INSERT INTO credentials (connection_id, name, key_id, status) VALUES (3, 'No secret here', "
             "'client-2', 'active')",
             "PRAGMA user_version = 6"})
            ok = ok && q.exec(QString::fromLatin1(sql));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v6"));
    return ok;
}

// A keychain that reads and deletes but cannot write (full, or a collection that went read-only).
class WriteRefusingStore : public MemorySecretStore
{
public:
    void writeSecret(const QString&, const QString&, const SecretBytes&, Done done) override
    {
        QTimer::singleShot(0,
                           [done] { done(Error(Error::Kind::KeychainDenied, QStringLiteral("refused"))); });
    }
};

MigrateKeychainNames::Report migrate(InventoryStore& store, SecretStore& secrets, Settings& settings)
{
    MigrateKeychainNames migration(store, secrets, &settings);
    std::optional<MigrateKeychainNames::Report> report;
    migration.run([&](MigrateKeychainNames::Report r) { report = std::move(r); });
    (void)QTest::qWaitFor([&] { return report.has_value(); }, 30000);
    return report.value_or(MigrateKeychainNames::Report{-1, {QStringLiteral("no answer")}});
}

// The old entries, as the app and keydesk-cli wrote them before v7, and what each must still read as after.
const QList<QPair<QString, QByteArray>> kOldEntries = {
    {QStringLiteral("connection-1/kd_LOCAL"), "kds_local-secret"},
    {QStringLiteral("connection-2/admin-token"), "kda_team-token"},
    {QStringLiteral("connection-2/kd_TEAM"), "kds_team-secret"},
    {QStringLiteral("connection-3/client-1"), "vendor-client-secret"},
    {QStringLiteral("remote-service/admin-token"), "kda_app-remote-token"},
};

} // namespace

// Moving keychain entries to the v7 names, on the real Secret Service: nothing a user stored may be lost,
// whatever fails halfway.
class TestKeychainMigration : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void everyEntryMovesAndNothingIsLost();
    void aKeychainThatRefusesLosesNothing();
    void everyEntryGetsItsReadableLabel();

private:
    void writeOldEntries(SecretStore& secrets);
    QString newName(const QString& oldName);

    QTemporaryDir* m_dir = nullptr;
    InventoryStore* m_store = nullptr;
    Settings* m_settings = nullptr;
};

void TestKeychainMigration::init()
{
    delete m_store;
    delete m_settings;
    delete m_dir;
    m_dir = new QTemporaryDir;
    const QString path = m_dir->filePath(QStringLiteral("inventory.sqlite"));
    QVERIFY(writeVersion6Inventory(path));
    m_store = new InventoryStore;
    KD_VERIFY_OK(m_store->open(path));
    m_settings = new Settings(m_dir->filePath(QStringLiteral("settings.ini")));
    m_settings->setValue(Settings::Key::RemoteServiceUrl, QStringLiteral("https://app.example"));
}

void TestKeychainMigration::writeOldEntries(SecretStore& secrets)
{
    for (const auto& [account, secret] : kOldEntries)
        KD_VERIFY_OK(awaitResult<void>(
            [&](auto done) { secrets.writeSecret(account, {}, SecretBytes(secret), done); }));
}

QString TestKeychainMigration::newName(const QString& oldName)
{
    const QList<Connection> connections = m_store->connections().value();
    auto uidOf = [&](const QString& name) {
        for (const Connection& c : connections) {
            if (c.name == name)
                return c.uid;
        }
        return QString();
    };
    if (oldName == QLatin1String("connection-1/kd_LOCAL"))
        return KeychainNames::credential(uidOf(QStringLiteral("Local")), QStringLiteral("kd_LOCAL"));
    if (oldName == QLatin1String("connection-2/admin-token"))
        return KeychainNames::serviceToken(uidOf(QStringLiteral("Team")));
    if (oldName == QLatin1String("connection-2/kd_TEAM"))
        return KeychainNames::credential(uidOf(QStringLiteral("Team")), QStringLiteral("kd_TEAM"));
    if (oldName == QLatin1String("connection-3/client-1"))
        return KeychainNames::credential(uidOf(QStringLiteral("Vendor")), QStringLiteral("client-1"));
    return KeychainNames::serviceToken(uidOf(QStringLiteral("app.example")));
}

void TestKeychainMigration::everyEntryMovesAndNothingIsLost()
{
    KeychainSecretStore keychain; // service "keydesk", as the app and the CLI use it
    writeOldEntries(keychain);
    const MigrateKeychainNames::Report report = migrate(*m_store, keychain, *m_settings);
    QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QCOMPARE(report.moved, kOldEntries.size());

    for (const auto& [oldName, secret] : kOldEntries) {
        const QString moved = newName(oldName);
        QVERIFY2(!moved.isEmpty(), qPrintable(oldName));
        auto read = awaitResult<SecretBytes>([&](auto done) { keychain.readSecret(moved, done); });
        KD_VERIFY_OK(read);
        QCOMPARE(read.value().toByteArray(), secret);
        auto gone = awaitResult<SecretBytes>([&](auto done) { keychain.readSecret(oldName, done); });
        QCOMPARE(gone.ok() ? Error::Kind::Internal : gone.error().kind(), Error::Kind::SecretNotFound);
    }
    for (const Connection& c : m_store->connections().value())
        QVERIFY2(!c.legacyKeychainNames, qPrintable(c.name));
    // The app's remote service is a connection now; the settings keep only which one is active.
    QVERIFY(m_settings->value(Settings::Key::RemoteServiceUrl).toString().isEmpty());
    const QString active = m_settings->value(Settings::Key::ActiveService).toString();
    QCOMPARE(KeychainNames::serviceToken(active), newName(QStringLiteral("remote-service/admin-token")));

    // Once done, there is nothing left to do.
    const MigrateKeychainNames::Report again = migrate(*m_store, keychain, *m_settings);
    QCOMPARE(again.moved, 0);
    QVERIFY(again.problems.isEmpty());
}

void TestKeychainMigration::aKeychainThatRefusesLosesNothing()
{
    WriteRefusingStore keychain;
    for (const auto& [account, secret] : kOldEntries)
        keychain.MemorySecretStore::writeSecret(account, {}, SecretBytes(secret), [](Expected<void>) {});
    const MigrateKeychainNames::Report report = migrate(*m_store, keychain, *m_settings);
    QCOMPARE(report.moved, 0);
    QCOMPARE(report.problems.size(), kOldEntries.size());
    for (const auto& [oldName, secret] : kOldEntries) {
        auto read = awaitResult<SecretBytes>([&](auto done) { keychain.readSecret(oldName, done); });
        KD_VERIFY_OK(read);
        QCOMPARE(read.value().toByteArray(), secret);
    }
    // Still to do: tried again at the next start.
    for (const Connection& c : m_store->connections().value()) {
        if (c.name != QLatin1String("app.example"))
            QVERIFY2(c.legacyKeychainNames, qPrintable(c.name));
    }
    QCOMPARE(m_settings->value(Settings::Key::RemoteServiceUrl).toString(),
             QStringLiteral("https://app.example"));
}

void TestKeychainMigration::everyEntryGetsItsReadableLabel()
{
    KeychainSecretStore keychain;
    writeOldEntries(keychain);
    QVERIFY(migrate(*m_store, keychain, *m_settings).problems.isEmpty());
    const QString billing = newName(QStringLiteral("connection-2/kd_TEAM"));
    const QString token = newName(QStringLiteral("connection-2/admin-token"));
    QCOMPARE(SecretServiceLabels::labelOf(QStringLiteral("keydesk"), billing),
             QStringLiteral("KeyDesk: Billing (Team)"));
    // As an entry written before labels existed: "keydesk", like all the others.
    for (const QString& account : {billing, token})
        QVERIFY(SecretServiceLabels::setLabel(QStringLiteral("keydesk"), account, QStringLiteral("keydesk")));

    RelabelKeychainEntries relabel(*m_store, keychain);
    std::optional<RelabelKeychainEntries::Report> report;
    relabel.run([&](RelabelKeychainEntries::Report r) { report = std::move(r); });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 30000);
    QVERIFY2(report->problems.isEmpty(), qPrintable(report->problems.join(QLatin1Char('\n'))));
    QCOMPARE(SecretServiceLabels::labelOf(QStringLiteral("keydesk"), billing),
             QStringLiteral("KeyDesk: Billing (Team)"));
    QCOMPARE(SecretServiceLabels::labelOf(QStringLiteral("keydesk"), token),
             QStringLiteral("KeyDesk: sign-in token (Team)"));
}

QTEST_GUILESS_MAIN(TestKeychainMigration)
#include "tst_keychainmigration.moc"

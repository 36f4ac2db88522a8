#include "CliRunner.h"
#include "ExpectedHelpers.h"
#include "core/UrlPolicy.h"
#include "storage/InventoryStore.h"
#include "usecases/AddProviderConnection.h"
#include "usecases/EditProvider.h"
#include "usecases/ImportCredential.h"

#include <QTemporaryDir>
#include <QTest>

// One set of rules for a vendor's connection (issue 29): `keydesk-cli connections add` held its own ("An
// apikey connection needs --test-url.") while the app's Add Provider Credential and Edit Provider held
// theirs in other words. Each row is refused by the CLI, ImportCredential, EditProvider and
// AddProviderConnection with one and the same message.
class TestConnectionRules : public QObject
{
    Q_OBJECT

private slots:
    void everyFrontEndRefusesInTheSameWords_data();
    void everyFrontEndRefusesInTheSameWords();
    void aGoodConnectionIsAddedOnceByName();

private:
    QTemporaryDir m_dir;
};

void TestConnectionRules::everyFrontEndRefusesInTheSameWords_data()
{
    QTest::addColumn<QStringList>("cli");
    QTest::addColumn<Connection>("draft");
    QTest::addColumn<QString>("message");
    Connection apiKey;
    apiKey.name = QStringLiteral("Vendor");
    apiKey.kind = Connection::Kind::ApiKeyProvider;
    apiKey.provider.expectedStatus = 200;
    const QStringList addApiKey = {QStringLiteral("connections"), QStringLiteral("add"),
                                   QStringLiteral("--type"),      QStringLiteral("apikey"),
                                   QStringLiteral("--name"),      QStringLiteral("Vendor"),
                                   QStringLiteral("--expect"),    QStringLiteral("200")};
    QTest::newRow("API key without a test URL")
        << addApiKey << apiKey
        << QStringLiteral("An API-key connection needs a test URL, such as the vendor's health endpoint.");

    Connection badStatus = apiKey;
    badStatus.provider.testUrl = QUrl(QStringLiteral("https://api.example.com/health"));
    badStatus.provider.expectedStatus = 42;
    QStringList withBadStatus = addApiKey;
    withBadStatus.replace(withBadStatus.size() - 1, QStringLiteral("42"));
    withBadStatus << QStringLiteral("--test-url") << badStatus.provider.testUrl.toString();
    QTest::newRow("a status that is no HTTP status")
        << withBadStatus << badStatus
        << QStringLiteral("The expected status must be an HTTP status such as 204.");

    Connection plainHttp = apiKey;
    plainHttp.provider.testUrl = QUrl(QStringLiteral("http://api.example.com/health"));
    QStringList withPlainHttp = addApiKey;
    withPlainHttp << QStringLiteral("--test-url") << plainHttp.provider.testUrl.toString();
    QTest::newRow("a test URL in plain HTTP")
        << withPlainHttp << plainHttp
        << UrlPolicy::check(plainHttp.provider.testUrl, UrlPolicy::Purpose::TestCall).error().message();

    Connection oauth;
    oauth.name = QStringLiteral("Vendor");
    oauth.kind = Connection::Kind::OAuth2Provider;
    oauth.provider.tokenUrl = QUrl(QStringLiteral("http://auth.example.com/token"));
    oauth.provider.expectedStatus = 200;
    QTest::newRow("a token URL in plain HTTP")
        << QStringList{QStringLiteral("connections"), QStringLiteral("add"),
                       QStringLiteral("--type"),      QStringLiteral("oauth2"),
                       QStringLiteral("--name"),      QStringLiteral("Vendor"),
                       QStringLiteral("--url"),       oauth.provider.tokenUrl.toString()}
        << oauth
        << UrlPolicy::check(oauth.provider.tokenUrl, UrlPolicy::Purpose::TokenEndpoint).error().message();
}

void TestConnectionRules::everyFrontEndRefusesInTheSameWords()
{
    QFETCH(QStringList, cli);
    QFETCH(Connection, draft);
    QFETCH(QString, message);
    QVERIFY(!message.isEmpty());

    const CliRun run = runCli(m_dir.path(), cli, {}, true);
    QCOMPARE(run.code, 1);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));

    const auto added = AddProviderConnection::check(draft);
    QVERIFY(!added);
    QCOMPARE(added.error().message(), message);
    const auto edited = EditProvider::check(draft, draft.provider);
    QVERIFY(!edited);
    QCOMPARE(edited.error().message(), message);
    ImportCredential::Request import;
    import.connection = draft;
    import.keyId = QStringLiteral("client-1");
    import.secret = SecretBytes::fromUtf8(QStringLiteral("s3cret"));
    const auto imported = ImportCredential::check(import);
    QVERIFY(!imported);
    QCOMPARE(imported.error().message(), message);
}

void TestConnectionRules::aGoodConnectionIsAddedOnceByName()
{
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    Connection draft;
    draft.name = QStringLiteral("  Vendor ");
    draft.kind = Connection::Kind::ApiKeyProvider;
    draft.provider.testUrl = QUrl(QStringLiteral("https://api.example.com/health"));
    draft.provider.expectedStatus = 204;
    const auto added = AddProviderConnection(store).run(draft);
    KD_VERIFY_OK(added);
    QCOMPARE(added.value().name, QStringLiteral("Vendor"));
    QVERIFY(added.value().id > 0);
    QVERIFY(!added.value().uid.isEmpty());
    QVERIFY(!AddProviderConnection(store).run(draft)); // the name is taken
    draft.name = QStringLiteral("Ven\u0001dor");
    QVERIFY(!AddProviderConnection(store).run(draft));
}

QTEST_GUILESS_MAIN(TestConnectionRules)
#include "tst_connectionrules.moc"

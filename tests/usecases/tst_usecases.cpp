#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "FailingSecretStore.h"
#include "FakeHttpServer.h"
#include "ListedServices.h"
#include "LocalInventory.h"
#include "MemorySecretStore.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "usecases/DeleteCredential.h"
#include "usecases/RequestToken.h"
#include "usecases/TestCredential.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {

// A keychain that reads and writes but refuses to delete (a locked collection seen after the read).
class DeleteRefusingStore : public MemorySecretStore
{
public:
    void deleteSecret(const QString&, Done done) override
    {
        QTimer::singleShot(0, [done] {
            done(Error(Error::Kind::KeychainLocked, QStringLiteral("The OS keychain is locked.")));
        });
    }
};

} // namespace

// The use cases both front ends call, against a real keydesk-server, a peer that records what it received,
// and the inventory: what is sent where, what is recorded, what is deleted and what is left.
class TestUseCases : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void oauth2TestSendsTheTokenNeverTheClientSecret();
    void apiKeyIsSentAsConfigured();
    void keyDeskKeyIsTestedAtItsOwnService();
    void apiKeysHaveNoToken();
    void missingSecretIsNamed();
    void unconnectedServiceIsAClearError();
    void providerCredentialIsDeletedWithItsSecret();
    void providerCredentialStaysWhenTheKeychainRefuses();
    void serviceKeyDeletedButSecretLeftIsSaid();
    void serviceKeyDeletedButStillListedIsSaid();

private:
    Credential addProviderCredential(Connection::Kind kind, const QUrl& tokenUrl, const QUrl& testUrl,
                                     const QString& keyId, const QByteArray& secret);
    Expected<CredentialTarget> target(const Credential& c)
    {
        return CredentialTarget::resolve(c, m_local->store, m_services);
    }
    Credential serviceKey(const QString& name, QByteArray* secret);

    ServiceFixture* m_fixture = nullptr;
    QTemporaryDir* m_dir = nullptr;
    LocalInventory* m_local = nullptr;
    ListedServices m_services;
    MemorySecretStore m_secrets;
    TokenClient* m_tokens = nullptr;
    TestCall* m_call = nullptr;
};

void TestUseCases::init()
{
    m_fixture = new ServiceFixture;
    QVERIFY(m_fixture->start());
    m_dir = new QTemporaryDir;
    m_local = new LocalInventory(*m_fixture, *m_dir);
    QVERIFY(m_local->ready());
    m_services = ListedServices();
    m_services.add(*m_local->sync);
    m_tokens = new TokenClient(&m_local->network);
    m_call = new TestCall(&m_local->network);
}

void TestUseCases::cleanup()
{
    delete m_call;
    delete m_tokens;
    delete m_local;
    delete m_dir;
    delete m_fixture;
}

Credential TestUseCases::addProviderCredential(Connection::Kind kind, const QUrl& tokenUrl,
                                               const QUrl& testUrl, const QString& keyId,
                                               const QByteArray& secret)
{
    Connection c;
    c.name = QStringLiteral("Vendor");
    c.kind = kind;
    c.provider.tokenUrl = tokenUrl;
    c.provider.testUrl = testUrl;
    c.provider.testHeader = ProviderSettings::HeaderStyle::XApiKey; // what a careless setup would send
    c.provider.expectedStatus = 204;
    Credential credential;
    credential.connectionId = m_local->store.addConnection(c).value();
    credential.connectionUid = m_local->store.connection(credential.connectionId).value().uid;
    credential.name = QStringLiteral("Vendor key");
    credential.keyId = keyId;
    credential.id = m_local->store.saveCredential(credential).value();
    (void)awaitResult<void>([&](auto done) {
        m_secrets.writeSecret(credential.keychainAccount(), {}, SecretBytes(secret), done);
    });
    return credential;
}

Credential TestUseCases::serviceKey(const QString& name, QByteArray* secret)
{
    const QJsonObject key = m_fixture->createKey(m_fixture->createProject(), name);
    *secret = key.value(QLatin1String("secret")).toString().toLatin1();
    if (!awaitResult<void>([&](auto done) { m_local->sync->refresh(done); }))
        return {};
    InventoryQuery byKey;
    byKey.search = key.value(QLatin1String("key_id")).toString();
    const Credential c = m_local->store.credentials(byKey).value().value(0);
    (void)awaitResult<void>(
        [&](auto done) { m_secrets.writeSecret(c.keychainAccount(), {}, SecretBytes(*secret), done); });
    return c;
}

void TestUseCases::oauth2TestSendsTheTokenNeverTheClientSecret()
{
    // The client is a real key of the real service; the test URL is a stranger that records every request.
    const QJsonObject key = m_fixture->createKey(m_fixture->createProject(), QStringLiteral("Client"));
    const QByteArray secret = key.value(QLatin1String("secret")).toString().toLatin1();
    FakeHttpServer testUrl([](const QByteArray&) { return FakeHttpServer::response(204, {}); });
    const Credential c =
        addProviderCredential(Connection::Kind::OAuth2Provider,
                              m_fixture->server().baseUrl().resolved(QUrl(QStringLiteral("/oauth/token"))),
                              testUrl.url(), key.value(QLatin1String("key_id")).toString(), secret);

    TestCredential test(m_secrets, *m_tokens, *m_call, m_local->store);
    auto resolved = target(c);
    KD_VERIFY_OK(resolved);
    auto result = awaitResult<TestResult>([&](auto done) { test.run(resolved.value(), done); });
    KD_VERIFY_OK(result);
    QVERIFY2(result.value().passed,
             qPrintable(result.value().summary + QLatin1Char(' ') + result.value().explanation));

    QCOMPARE(testUrl.requests.size(), 1);
    const QByteArray received = testUrl.requests.first();
    QVERIFY2(received.contains("Authorization: Bearer eyJ"), received.constData());
    QVERIFY(!received.contains(secret));
    QVERIFY(!received.contains(secret.toBase64()));
    QVERIFY(!received.contains("X-API-Key"));
    QVERIFY(!received.contains(secret.right(10)));
    const Credential recorded = m_local->store.credentialsByIds({c.id}).value().value(0);
    QVERIFY(recorded.lastTestedAt.isValid());
    QVERIFY(recorded.lastTestResult.startsWith(QStringLiteral("204")));
}

void TestUseCases::apiKeyIsSentAsConfigured()
{
    FakeHttpServer testUrl([](const QByteArray&) { return FakeHttpServer::response(204, {}); });
    const Credential c = addProviderCredential(Connection::Kind::ApiKeyProvider, {}, testUrl.url(),
                                               QStringLiteral("eq_1"), "api-key-1");
    TestCredential test(m_secrets, *m_tokens, *m_call, m_local->store);
    auto result = awaitResult<TestResult>([&](auto done) { test.run(target(c).value(), done); });
    KD_VERIFY_OK(result);
    QVERIFY(result.value().passed);
    QVERIFY(testUrl.requests.value(0).contains("X-API-Key: api-key-1"));
}

void TestUseCases::keyDeskKeyIsTestedAtItsOwnService()
{
    QByteArray secret;
    const Credential c = serviceKey(QStringLiteral("Billing"), &secret);
    QVERIFY(!c.keyId.isEmpty());
    auto resolved = target(c);
    KD_VERIFY_OK(resolved);
    QCOMPARE(resolved.value().provider.testUrl.port(), m_fixture->server().baseUrl().port());
    TestCredential test(m_secrets, *m_tokens, *m_call, m_local->store);
    auto result = awaitResult<TestResult>([&](auto done) { test.run(resolved.value(), done); });
    KD_VERIFY_OK(result);
    QVERIFY2(result.value().passed, qPrintable(result.value().explanation));
    QCOMPARE(result.value().status, 204);

    RequestToken request(m_secrets, *m_tokens);
    auto token = awaitResult<AccessToken>([&](auto done) { request.run(resolved.value(), done); });
    KD_VERIFY_OK(token);
    QVERIFY(token.value().token.toByteArray().startsWith("eyJ"));
}

void TestUseCases::apiKeysHaveNoToken()
{
    const Credential c = addProviderCredential(Connection::Kind::ApiKeyProvider, {},
                                               QUrl(QStringLiteral("https://api.example.com/health")),
                                               QStringLiteral("eq_2"), "api-key-2");
    RequestToken request(m_secrets, *m_tokens);
    auto token = awaitResult<AccessToken>([&](auto done) { request.run(target(c).value(), done); });
    QVERIFY(!token.ok());
    QVERIFY(token.error().message().contains(QStringLiteral("no token")));
}

void TestUseCases::missingSecretIsNamed()
{
    const Credential c = addProviderCredential(Connection::Kind::OAuth2Provider,
                                               QUrl(QStringLiteral("https://auth.example.com/token")), {},
                                               QStringLiteral("client-1"), "s");
    MemorySecretStore empty;
    RequestToken request(empty, *m_tokens);
    auto token = awaitResult<AccessToken>([&](auto done) { request.run(target(c).value(), done); });
    QVERIFY(!token.ok());
    QCOMPARE(token.error().kind(), Error::Kind::SecretNotFound);
    QVERIFY2(token.error().message().contains(
                 QStringLiteral("\u201CVendor key\u201D is not available on this computer")),
             qPrintable(token.error().message()));
}

void TestUseCases::unconnectedServiceIsAClearError()
{
    QByteArray secret;
    const Credential c = serviceKey(QStringLiteral("Offline"), &secret);
    ListedServices none;
    auto resolved = CredentialTarget::resolve(c, m_local->store, none);
    QVERIFY(!resolved.ok());
    QVERIFY(resolved.error().message().contains(QStringLiteral("\u201CLocal\u201D")));
}

void TestUseCases::providerCredentialIsDeletedWithItsSecret()
{
    const Credential c = addProviderCredential(Connection::Kind::OAuth2Provider,
                                               QUrl(QStringLiteral("https://auth.example.com/token")), {},
                                               QStringLiteral("client-2"), "vendor-secret");
    DeleteCredential remove(m_local->store, &m_secrets, m_services);
    auto outcome =
        awaitResult<DeleteCredential::Outcome>([&](auto done) { remove.run(target(c).value(), done); });
    KD_VERIFY_OK(outcome);
    QVERIFY(!outcome.value().secretLeftBehind);
    QVERIFY(outcome.value().message.contains(QStringLiteral("vendor's dashboard")));
    QVERIFY(m_local->store.credentialsByIds({c.id}).value().isEmpty());
    auto secret =
        awaitResult<SecretBytes>([&](auto done) { m_secrets.readSecret(c.keychainAccount(), done); });
    QCOMPARE(secret.ok() ? Error::Kind::Internal : secret.error().kind(), Error::Kind::SecretNotFound);
}

void TestUseCases::providerCredentialStaysWhenTheKeychainRefuses()
{
    const Credential c = addProviderCredential(Connection::Kind::OAuth2Provider,
                                               QUrl(QStringLiteral("https://auth.example.com/token")), {},
                                               QStringLiteral("client-3"), "vendor-secret");
    FailingSecretStore locked;
    DeleteCredential remove(m_local->store, &locked, m_services);
    auto outcome =
        awaitResult<DeleteCredential::Outcome>([&](auto done) { remove.run(target(c).value(), done); });
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.error().message().startsWith(QStringLiteral("Nothing was deleted")),
             qPrintable(outcome.error().message()));
    QCOMPARE(m_local->store.credentialsByIds({c.id}).value().size(), 1);
}

void TestUseCases::serviceKeyDeletedButSecretLeftIsSaid()
{
    QByteArray secret;
    const Credential c = serviceKey(QStringLiteral("Leaky"), &secret);
    DeleteRefusingStore keychain;
    DeleteCredential remove(m_local->store, &keychain, m_services);
    auto outcome =
        awaitResult<DeleteCredential::Outcome>([&](auto done) { remove.run(target(c).value(), done); });
    KD_VERIFY_OK(outcome);
    QVERIFY(outcome.value().secretLeftBehind);
    QVERIFY2(outcome.value().message.contains(c.keychainAccount()), qPrintable(outcome.value().message));
    QVERIFY(outcome.value().message.contains(QStringLiteral("locked")));
    // The key itself is gone at the service and from the inventory.
    auto list = m_fixture->client().Get(
        ("/v1/projects/" + m_local->sync->projectId().toStdString() + "/keys").c_str(), m_fixture->admin());
    const QJsonArray keys = ServiceFixture::json(list).value(QLatin1String("keys")).toArray();
    for (const QJsonValue& k : keys)
        QVERIFY(k.toObject().value(QLatin1String("key_id")).toString() != c.keyId);
    QVERIFY(m_local->store.credentialsByIds({c.id}).value().isEmpty());
}

// The key is gone at its service, but the inventory refused to drop its row (issue 29: the failure was
// dropped and the message said nothing): the message says it stays listed until the next refresh.
void TestUseCases::serviceKeyDeletedButStillListedIsSaid()
{
    QByteArray secret;
    const Credential c = serviceKey(QStringLiteral("Sticky"), &secret);
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("refuser"));
        db.setDatabaseName(m_dir->filePath(QStringLiteral("inventory.sqlite")));
        QVERIFY(db.open());
        QSqlQuery refuse(db);
        QVERIFY2(refuse.exec(QStringLiteral("CREATE TRIGGER keep_rows BEFORE DELETE ON credentials "
                                            "BEGIN SELECT RAISE(ABORT, 'the disk refused'); END")),
                 qPrintable(refuse.lastError().text()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("refuser"));
    DeleteCredential remove(m_local->store, &m_secrets, m_services);
    auto outcome =
        awaitResult<DeleteCredential::Outcome>([&](auto done) { remove.run(target(c).value(), done); });
    KD_VERIFY_OK(outcome);
    QVERIFY2(outcome.value().message.contains(QStringLiteral("is deleted")),
             qPrintable(outcome.value().message));
    QVERIFY2(outcome.value().message.contains(QStringLiteral("still lists it until the next refresh")),
             qPrintable(outcome.value().message));
    QCOMPARE(m_local->store.credentialsByIds({c.id}).value().size(), 1);
}

QTEST_GUILESS_MAIN(TestUseCases)
#include "tst_usecases.moc"

#include "storage/KeychainSecretStore.h"

#include <QTest>
#include <optional>

#define KD_AWAIT(var, Type, call)                                                                            \
    std::optional<Type> var;                                                                                 \
    call([&var](Type r) { var.emplace(std::move(r)); });                                                     \
    QTRY_VERIFY_WITH_TIMEOUT(var.has_value(), 30000)

// Run by tests/with-keyring.sh in "no-bus" and "no-secret-service" modes: no keychain can be reached.
// Every call must fail with KeychainUnavailable (never "not found", never a silent plaintext store).
class TestKeychainUnavailable : public QObject
{
    Q_OBJECT

private slots:
    void writeFailsClearly();
    void readDoesNotPretendTheEntryIsMissing();
    void deleteFailsClearly();
    void probeIsUnknownNotMissing();

private:
    KeychainSecretStore m_store{QStringLiteral("keydesk-test")};
};

void TestKeychainUnavailable::writeFailsClearly()
{
    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/1"), {}, SecretBytes(QByteArrayLiteral("kds_x")), done);
    });
    QVERIFY(!written->ok());
    QVERIFY2(written->error().kind() == Error::Kind::KeychainUnavailable,
             qPrintable(written->error().toString()));
    QVERIFY(written->error().message().contains(QStringLiteral("keychain")));
    QVERIFY(written->error().message().contains(QStringLiteral("keeps working")));
}

void TestKeychainUnavailable::readDoesNotPretendTheEntryIsMissing()
{
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/1"), done); });
    QVERIFY(!read->ok());
    QVERIFY2(read->error().kind() == Error::Kind::KeychainUnavailable, qPrintable(read->error().toString()));
}

void TestKeychainUnavailable::deleteFailsClearly()
{
    KD_AWAIT(removed, Expected<void>,
             [&](auto done) { m_store.deleteSecret(QStringLiteral("cred/1"), done); });
    QVERIFY(!removed->ok());
    QCOMPARE(removed->error().kind(), Error::Kind::KeychainUnavailable);
}

void TestKeychainUnavailable::probeIsUnknownNotMissing()
{
    KD_AWAIT(presence, SecretStore::Presence,
             [&](auto done) { m_store.probeSecret(QStringLiteral("cred/1"), done); });
    QCOMPARE(*presence, SecretStore::Presence::Unknown);
}

QTEST_GUILESS_MAIN(TestKeychainUnavailable)
#include "tst_keychainunavailable.moc"

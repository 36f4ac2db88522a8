#include "storage/SecretServiceSession.h"

#include <QTest>

// The encrypted session's pieces on their own: two ends agree on one key, what one seals the other opens, and
// whatever a hostile "Secret Service" sends instead of a key or a sealed secret is refused, never used.
class TestSecretServiceSession : public QObject
{
    Q_OBJECT

private slots:
    void twoEndsAgreeAndExchangeSecrets();
    void unusableServiceKeysAreRefused_data();
    void unusableServiceKeysAreRefused();
    void damagedSecretsAreRefused();
};

void TestSecretServiceSession::twoEndsAgreeAndExchangeSecrets()
{
    for (int i = 0; i < 20; ++i) {
        SecretServiceSession ours;
        SecretServiceSession theirs;
        QVERIFY(ours.ready() && theirs.ready());
        QVERIFY(ours.publicKey().size() > 100 && ours.publicKey().size() <= 128);
        QVERIFY(ours.agree(theirs.publicKey()));
        QVERIFY(theirs.agree(ours.publicKey()));
        const QByteArray secret = QByteArray(i, 's') + "kds_secret";
        const auto sealed = ours.seal(secret);
        QVERIFY(sealed.has_value());
        QCOMPARE(sealed->iv.size(), 16);
        QCOMPARE(sealed->value.size() % 16, 0);
        QVERIFY(!sealed->value.contains("kds_secret"));
        const auto opened = theirs.open(sealed->iv, sealed->value);
        QVERIFY(opened.has_value());
        QCOMPARE(opened->toByteArray(), secret);
        // A fresh IV each time: the same secret never looks the same twice.
        QVERIFY(ours.seal(secret)->value != sealed->value);
    }
}

void TestSecretServiceSession::unusableServiceKeysAreRefused_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("zero") << QByteArray(1, '\0');
    QTest::newRow("one") << QByteArray(1, '\1');
    QTest::newRow("all ones, beyond the prime") << QByteArray(128, '\xff');
    QTest::newRow("far too long") << QByteArray(4096, '\x42');
}

void TestSecretServiceSession::unusableServiceKeysAreRefused()
{
    QFETCH(QByteArray, key);
    SecretServiceSession ours;
    QVERIFY(!ours.agree(key));
    QVERIFY(!ours.seal("x").has_value()); // no key agreed: nothing is sealed
}

void TestSecretServiceSession::damagedSecretsAreRefused()
{
    SecretServiceSession ours;
    SecretServiceSession theirs;
    QVERIFY(ours.agree(theirs.publicKey()) && theirs.agree(ours.publicKey()));
    const auto sealed = ours.seal("kds_secret");
    QVERIFY(!theirs.open(sealed->iv.left(8), sealed->value).has_value());
    QVERIFY(!theirs.open(sealed->iv, sealed->value.left(sealed->value.size() - 1)).has_value());
    QVERIFY(!theirs.open(sealed->iv, QByteArray()).has_value());
    SecretServiceSession stranger;
    SecretServiceSession strangersPeer;
    QVERIFY(stranger.agree(strangersPeer.publicKey()));
    const auto wrongKey = stranger.open(sealed->iv, sealed->value); // another session's key: padding fails
    QVERIFY(!wrongKey.has_value() || wrongKey->toByteArray() != "kds_secret");
}

QTEST_GUILESS_MAIN(TestSecretServiceSession)
#include "tst_secretservicesession.moc"

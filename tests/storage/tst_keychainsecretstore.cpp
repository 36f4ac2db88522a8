#include "ExpectedHelpers.h"
#include "SecretServiceLabels.h"
#include "storage/KeychainSecretStore.h"
#include "storage/SecretServiceSecret.h"

#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QSignalSpy>
#include <QTest>
#include <optional>
#include <qt6keychain/keychain.h>

// Runs one asynchronous SecretStore call and waits (spinning the event loop) for its single answer.
#define KD_AWAIT(var, Type, call)                                                                            \
    std::optional<Type> var;                                                                                 \
    call([&var](Type r) { var.emplace(std::move(r)); });                                                     \
    QTRY_VERIFY_WITH_TIMEOUT(var.has_value(), 15000)

// Against a real gnome-keyring on a private D-Bus session (tests/with-keyring.sh unlocked).
class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip();
    void binarySafeAndOverwrite();
    void servicesAreSeparate();
    void readMissingIsSecretNotFound();
    void deleteRemovesAndIsIdempotent();
    void probeSaysPresentOrMissing();
    void errorMappingIsPlain_data();
    void errorMappingIsPlain();
    void entriesCarryTheirLabel();
    void secretsTravelEncryptedBothWays();
    void lockedKeyringChangesNothing(); // last: it locks the collection

private:
    void unlockLogin();
    QString labelOf(const QString& account);

    KeychainSecretStore m_store{QStringLiteral("keydesk-test")};
};

void TestKeychainSecretStore::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
             "run through tests/with-keyring.sh unlocked");
}

void TestKeychainSecretStore::roundTrip()
{
    const SecretBytes secret(QByteArrayLiteral("kds_roundTripSecretValue0123456789abcdefgh"));
    KD_AWAIT(written, Expected<void>,
             [&](auto done) { m_store.writeSecret(QStringLiteral("cred/1"), {}, secret, done); });
    QVERIFY2(written->ok(), written->ok() ? "" : qPrintable(written->error().toString()));
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/1"), done); });
    QVERIFY2(read->ok(), read->ok() ? "" : qPrintable(read->error().toString()));
    QVERIFY(read->value().equals(secret));

    // A second, independent store instance (as after an app restart) reads the same entry.
    KeychainSecretStore other(QStringLiteral("keydesk-test"));
    KD_AWAIT(again, Expected<SecretBytes>,
             [&](auto done) { other.readSecret(QStringLiteral("cred/1"), done); });
    QVERIFY(again->ok() && again->value().equals(secret));
}

void TestKeychainSecretStore::binarySafeAndOverwrite()
{
    QByteArray raw("\x00\x01\xFFzero-inside", 14);
    KD_AWAIT(first, Expected<void>,
             [&](auto done) { m_store.writeSecret(QStringLiteral("cred/bin"), {}, SecretBytes(raw), done); });
    QVERIFY(first->ok());
    KD_AWAIT(second, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/bin"), {}, SecretBytes(QByteArrayLiteral("replaced")), done);
    });
    QVERIFY(second->ok());
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/bin"), done); });
    QVERIFY(read->ok());
    QCOMPARE(read->value().toByteArray(), QByteArrayLiteral("replaced"));
}

void TestKeychainSecretStore::servicesAreSeparate()
{
    KeychainSecretStore app(QStringLiteral("keydesk"));
    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/scoped"), {}, SecretBytes(QByteArrayLiteral("x")), done);
    });
    QVERIFY(written->ok());
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { app.readSecret(QStringLiteral("cred/scoped"), done); });
    QVERIFY(!read->ok());
    QCOMPARE(read->error().kind(), Error::Kind::SecretNotFound);
}

void TestKeychainSecretStore::readMissingIsSecretNotFound()
{
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/never-written"), done); });
    QVERIFY(!read->ok());
    QCOMPARE(read->error().kind(), Error::Kind::SecretNotFound);
    QVERIFY(read->error().message().contains(QStringLiteral("cred/never-written")));
}

void TestKeychainSecretStore::deleteRemovesAndIsIdempotent()
{
    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/del"), {}, SecretBytes(QByteArrayLiteral("bye")), done);
    });
    QVERIFY(written->ok());
    KD_AWAIT(removed, Expected<void>,
             [&](auto done) { m_store.deleteSecret(QStringLiteral("cred/del"), done); });
    QVERIFY(removed->ok());
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/del"), done); });
    QCOMPARE(read->error().kind(), Error::Kind::SecretNotFound);
    KD_AWAIT(again, Expected<void>,
             [&](auto done) { m_store.deleteSecret(QStringLiteral("cred/del"), done); });
    QVERIFY(again->ok());
}

void TestKeychainSecretStore::probeSaysPresentOrMissing()
{
    using P = SecretStore::Presence;
    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/probe"), {}, SecretBytes(QByteArrayLiteral("kds_probe")),
                            done);
    });
    QVERIFY(written->ok());
    KD_AWAIT(held, P, [&](auto done) { m_store.probeSecret(QStringLiteral("cred/probe"), done); });
    QCOMPARE(*held, P::Present);
    KD_AWAIT(absent, P, [&](auto done) { m_store.probeSecret(QStringLiteral("cred/never-written"), done); });
    QCOMPARE(*absent, P::Missing);
    // The same account under another service name is another entry.
    KeychainSecretStore other(QStringLiteral("keydesk-other"));
    KD_AWAIT(elsewhere, P, [&](auto done) { other.probeSecret(QStringLiteral("cred/probe"), done); });
    QCOMPARE(*elsewhere, P::Missing);
    KD_AWAIT(unnamed, P, [&](auto done) { m_store.probeSecret(QString(), done); });
    QCOMPARE(*unnamed, P::Unknown);
    // On a KDE desktop QtKeychain may keep secrets in KWallet, which the Secret Service does not know.
    qputenv("XDG_CURRENT_DESKTOP", "KDE");
    KD_AWAIT(kde, P, [&](auto done) { m_store.probeSecret(QStringLiteral("cred/never-written"), done); });
    qunsetenv("XDG_CURRENT_DESKTOP");
    QCOMPARE(*kde, P::Unknown);
}

void TestKeychainSecretStore::errorMappingIsPlain_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    using K = Error::Kind;
    // The texts are the ones observed from QtKeychain 0.13 on Debian 12 (../shared/TESTING.md).
    QTest::newRow("no bus") << int(QKeychain::OtherError)
                            << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
                            << int(K::KeychainUnavailable);
    QTest::newRow("no service") << int(QKeychain::OtherError)
                                << QStringLiteral("The name org.freedesktop.secrets was not provided by any "
                                                  ".service files")
                                << int(K::KeychainUnavailable);
    QTest::newRow("no login collection")
        << int(QKeychain::OtherError)
        << QStringLiteral(
               "Object does not exist at path \u201C/org/freedesktop/secrets/collection/login\u201D")
        << int(K::KeychainLocked);
    QTest::newRow("locked") << int(QKeychain::AccessDenied)
                            << QStringLiteral("Cannot create an item in a locked collection")
                            << int(K::KeychainLocked);
    QTest::newRow("user said no") << int(QKeychain::AccessDeniedByUser) << QString()
                                  << int(K::KeychainDenied);
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << QString()
                                << int(K::KeychainUnavailable);
    QTest::newRow("not found") << int(QKeychain::EntryNotFound) << QString() << int(K::SecretNotFound);
}

void TestKeychainSecretStore::errorMappingIsPlain()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QFETCH(int, kind);
    const Error e = KeychainSecretStore::errorFor(code, text, QStringLiteral("cred/x"));
    QCOMPARE(int(e.kind()), kind);
    QVERIFY(!e.message().isEmpty());
    QCOMPARE(e.detail(), text);
}

QString TestKeychainSecretStore::labelOf(const QString& account)
{
    return SecretServiceLabels::labelOf(QStringLiteral("keydesk-test"), account);
}

void TestKeychainSecretStore::entriesCarryTheirLabel()
{
    const QString account = QStringLiteral("cred/labelled");
    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(account, QStringLiteral("KeyDesk: Billing (Stripe)"),
                            SecretBytes(QByteArrayLiteral("s")), done);
    });
    KD_VERIFY_OK(*written);
    QCOMPARE(labelOf(account), QStringLiteral("KeyDesk: Billing (Stripe)"));
    KD_AWAIT(relabelled, Expected<void>, [&](auto done) {
        m_store.relabelSecret(account, QStringLiteral("KeyDesk: Billing EU (Stripe)"), done);
    });
    QVERIFY(relabelled->ok());
    QCOMPARE(labelOf(account), QStringLiteral("KeyDesk: Billing EU (Stripe)"));

    // An entry QtKeychain wrote before (label "keydesk-test", the same attributes) is read and replaced.
    auto* job = new QKeychain::WritePasswordJob(QStringLiteral("keydesk-test"));
    job->setKey(QStringLiteral("cred/old"));
    job->setBinaryData(QByteArrayLiteral("kds_old"));
    QSignalSpy finished(job, &QKeychain::Job::finished);
    job->start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(labelOf(QStringLiteral("cred/old")), QStringLiteral("keydesk-test"));
    KD_AWAIT(old, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/old"), done); });
    KD_VERIFY_OK(*old);
    QCOMPARE(old->value().toByteArray(), QByteArrayLiteral("kds_old"));
    KD_AWAIT(replaced, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/old"), QStringLiteral("KeyDesk: old"),
                            SecretBytes(QByteArrayLiteral("n")), done);
    });
    QVERIFY(replaced->ok());
    QCOMPARE(labelOf(QStringLiteral("cred/old")), QStringLiteral("KeyDesk: old"));
}

void TestKeychainSecretStore::secretsTravelEncryptedBothWays()
{
    // Every job opens its own DH session (a new entry each: no wait for a newer Modified); about one
    // in 256 meets a shared secret with a leading zero byte, which both ends must pad alike (120 runs catch a
    // mismatch there with a chance of one in three; a wrong key anywhere else fails every run). Each value is
    // read back by QtKeychain (libsecret's own session code), and one QtKeychain wrote is read here.
    for (int i = 0; i < 120; ++i) {
        const QByteArray value = QByteArrayLiteral("kds_") + QByteArray::number(i) + QByteArray(i % 40, 'x');
        KD_AWAIT(written, Expected<void>, [&](auto done) {
            m_store.writeSecret(QStringLiteral("cred/dh/%1").arg(i), {}, SecretBytes(value), done);
        });
        KD_VERIFY_OK(*written);
        QVERIFY(m_store.encryptedTransfer());
        if (i % 30 != 0)
            continue;
        auto* job = new QKeychain::ReadPasswordJob(QStringLiteral("keydesk-test"));
        job->setKey(QStringLiteral("cred/dh/%1").arg(i));
        QSignalSpy finished(job, &QKeychain::Job::finished);
        job->start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(job->binaryData(), value);
    }
}

void TestKeychainSecretStore::lockedKeyringChangesNothing()
{
    QDBusInterface service(QStringLiteral("org.freedesktop.secrets"),
                           QStringLiteral("/org/freedesktop/secrets"),
                           QStringLiteral("org.freedesktop.Secret.Service"), QDBusConnection::sessionBus());
    QVERIFY(service.isValid());
    KD_AWAIT(kept, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/kept"), {}, SecretBytes(QByteArrayLiteral("kds_kept")),
                            done);
    });
    QVERIFY(kept->ok());
    const QList<QDBusObjectPath> objects{
        QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))};
    QDBusMessage reply = service.call(QStringLiteral("Lock"), QVariant::fromValue(objects));
    QVERIFY2(reply.type() == QDBusMessage::ReplyMessage, qPrintable(reply.errorMessage()));

    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(QStringLiteral("cred/locked"), {}, SecretBytes(QByteArrayLiteral("nope")), done);
    });
    QVERIFY(!written->ok());
    QVERIFY2(written->error().kind() == Error::Kind::KeychainLocked, qPrintable(written->error().toString()));
    QVERIFY(written->error().message().contains(QStringLiteral("locked")));

    // Deleting asks to unlock first; refused (no display: GNOME Keyring's prompt cannot open), nothing goes.
    KD_AWAIT(removed, Expected<void>,
             [&](auto done) { m_store.deleteSecret(QStringLiteral("cred/kept"), done); });
    QVERIFY(!removed->ok());
    QVERIFY2(removed->error().kind() == Error::Kind::KeychainLocked, qPrintable(removed->error().toString()));

    // Asking whether an entry is there neither unlocks nor prompts: a locked collection is not searched
    // at all (KeePassXC answers a search of a locked database with its unlock dialog), so it is Unknown.
    for (const QString& account : {QStringLiteral("cred/kept"), QStringLiteral("cred/never-written")}) {
        KD_AWAIT(held, SecretStore::Presence, [&](auto done) { m_store.probeSecret(account, done); });
        QCOMPARE(*held, SecretStore::Presence::Unknown);
    }

    // Unlocked again (GNOME Keyring's own unlock call, as a login would), the kept entry is still there.
    unlockLogin();
    KD_AWAIT(read, Expected<SecretBytes>,
             [&](auto done) { m_store.readSecret(QStringLiteral("cred/kept"), done); });
    KD_VERIFY_OK(*read);
    QCOMPARE(read->value().toByteArray(), QByteArrayLiteral("kds_kept"));
}

void TestKeychainSecretStore::unlockLogin()
{
    QDBusInterface service(QStringLiteral("org.freedesktop.secrets"),
                           QStringLiteral("/org/freedesktop/secrets"),
                           QStringLiteral("org.freedesktop.Secret.Service"), QDBusConnection::sessionBus());
    QDBusMessage session = service.call(QStringLiteral("OpenSession"), QStringLiteral("plain"),
                                        QVariant::fromValue(QDBusVariant(QString())));
    QVERIFY2(session.type() == QDBusMessage::ReplyMessage, qPrintable(session.errorMessage()));
    QDBusInterface internal(QStringLiteral("org.freedesktop.secrets"),
                            QStringLiteral("/org/freedesktop/secrets"),
                            QStringLiteral("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"),
                            QDBusConnection::sessionBus());
    const SecretServiceSecret master{session.arguments().at(1).value<QDBusObjectPath>(),
                                     {},
                                     QByteArrayLiteral("keydesk-test"),
                                     QStringLiteral("text/plain")};
    QDBusMessage unlocked = internal.call(
        QStringLiteral("UnlockWithMasterPassword"),
        QVariant::fromValue(QDBusObjectPath(QStringLiteral("/org/freedesktop/secrets/collection/login"))),
        QVariant::fromValue(master));
    QVERIFY2(unlocked.type() == QDBusMessage::ReplyMessage, qPrintable(unlocked.errorMessage()));
}

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"

#include "CliRunner.h"
#include "ExpectedHelpers.h"
#include "KeePassXcWindows.h"
#include "SecretServiceLabels.h"
#include "storage/KeychainSecretStore.h"

#include <QDBusArgument>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <optional>
#include <signal.h>

// Runs one asynchronous SecretStore call and waits (spinning the event loop) for its single answer.
#define KD_AWAIT(var, Type, call)                                                                            \
    std::optional<Type> var;                                                                                 \
    call([&var](Type r) { var.emplace(std::move(r)); });                                                     \
    QTRY_VERIFY_WITH_TIMEOUT(var.has_value(), 40000)

namespace W = KeePassXcWindows;

// KeyDesk's keychain against KeePassXC's Secret Service (tests/with-keepassxc.sh), in each of its states:
// unlocked, locked with UnlockBeforeSearch on, and locked with it off. Whatever the user answers in
// KeePassXC's dialog, "stored" and "deleted" are said only when true, and no job outlives its deadline.
class TestKeePassXc : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    // unlocked
    void storesReadsRelabelsAndDeletes();
    void theCliLabelsAndSaysWhereDeletedEntriesGo();
    // locked (both kinds), in this order
    void probingNeverOpensTheUnlockDialog();
    void aDismissedUnlockStoresNothing();
    void anUnansweredUnlockEndsAtTheDeadline();
    void anAnsweredUnlockStores();
    void aDismissedUnlockDeletesNothing();
    void theCliSaysWhatHappened();
    void theAppStartsWithoutAsking();
    void theProviderQuittingEndsTheJob(); // last: KeePassXC is gone afterwards

private:
    bool locked() const { return m_mode.startsWith(QLatin1String("locked")); }
    QStringList entries();                         // accounts of KeyDesk entries, searched while unlocked
    static bool addVendor(const QString& dataDir); // an OAuth2 connection "Vendor" for keydesk-cli import
    void relock();
    Expected<void> writeAnswering(const QString& account, std::function<void(const QString&)> answer);

    QString m_mode = qEnvironmentVariable("KEYDESK_KPX_MODE");
    KeychainSecretStore m_store{QStringLiteral("keydesk")};
    QStringList m_notices;
};

void TestKeePassXc::initTestCase()
{
    QVERIFY2(!m_mode.isEmpty(), "run through tests/with-keepassxc.sh");
    qDBusRegisterMetaType<QMap<QString, QString>>();
    m_store.setDeadlineMs(25000);
    m_store.setPromptNotice([this](const QString& notice) { m_notices << notice; });
}

QStringList TestKeePassXc::entries()
{
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(
        QMap<QString, QString>{{QStringLiteral("server"), QStringLiteral("keydesk")}});
    const QDBusMessage found = QDBusConnection::sessionBus().call(search, QDBus::Block, 5000);
    QStringList accounts;
    for (const QDBusObjectPath& item : qdbus_cast<QList<QDBusObjectPath>>(found.arguments().value(0))) {
        QDBusMessage get = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.secrets"), item.path(),
            QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
        get << QStringLiteral("org.freedesktop.Secret.Item") << QStringLiteral("Attributes");
        const QDBusMessage attributes = QDBusConnection::sessionBus().call(get, QDBus::Block, 5000);
        const auto map = qdbus_cast<QMap<QString, QString>>(
            qdbus_cast<QDBusVariant>(attributes.arguments().value(0)).variant());
        accounts << map.value(QStringLiteral("user"));
    }
    accounts.sort();
    return accounts;
}

bool TestKeePassXc::addVendor(const QString& dataDir)
{
    return runCli(dataDir, {QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("--type"),
                            QStringLiteral("oauth2"), QStringLiteral("--name"), QStringLiteral("Vendor"),
                            QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9/token")})
               .code == 0;
}

void TestKeePassXc::relock()
{
    QVERIFY(W::lockAll());
    KD_AWAIT(probe, SecretStore::Presence,
             [&](auto done) { m_store.probeSecret(QStringLiteral("any"), done); });
    QCOMPARE(*probe, SecretStore::Presence::Unknown);
}

Expected<void> TestKeePassXc::writeAnswering(const QString& account,
                                             std::function<void(const QString&)> answer)
{
    std::optional<Expected<void>> written;
    m_store.writeSecret(account, QStringLiteral("KeyDesk: %1").arg(account), SecretBytes(account.toUtf8()),
                        [&written](Expected<void> r) { written.emplace(std::move(r)); });
    const QString dialog = W::await(W::Unlock);
    QTest::qWait(W::ReadingTimeMs);
    if (!dialog.isEmpty())
        answer(dialog);
    QElapsedTimer clock;
    clock.start();
    while (!written && clock.elapsed() < 40000)
        QTest::qWait(50);
    return written ? *written : Expected<void>(Error(Error::Kind::Internal, QStringLiteral("no answer")));
}

void TestKeePassXc::storesReadsRelabelsAndDeletes()
{
    if (locked())
        QSKIP("unlocked database only");
    const QString account = QStringLiteral("credential/u1/kd_A");
    KD_AWAIT(written, Expected<void>, [&](auto done) {
        m_store.writeSecret(account, QStringLiteral("KeyDesk: Billing (Stripe)"), SecretBytes::fromUtf8("s1"),
                            done);
    });
    KD_VERIFY_OK(*written);
    QCOMPARE(entries(), QStringList{account});
    // The same secret again: KeePassXC keeps the entry's time, so the store reads it back to be sure.
    KD_AWAIT(again, Expected<void>, [&](auto done) {
        m_store.writeSecret(account, QStringLiteral("KeyDesk: Billing (Stripe)"), SecretBytes::fromUtf8("s1"),
                            done);
    });
    KD_VERIFY_OK(*again);
    KD_AWAIT(replaced, Expected<void>, [&](auto done) {
        m_store.writeSecret(account, QStringLiteral("KeyDesk: Billing (Stripe)"), SecretBytes::fromUtf8("s2"),
                            done);
    });
    KD_VERIFY_OK(*replaced);
    KD_AWAIT(read, Expected<SecretBytes>, [&](auto done) { m_store.readSecret(account, done); });
    KD_VERIFY_OK(*read);
    QCOMPARE(read->value().toByteArray(), QByteArrayLiteral("s2"));
    KD_AWAIT(relabelled, Expected<void>, [&](auto done) {
        m_store.relabelSecret(account, QStringLiteral("KeyDesk: Billing EU (Stripe)"), done);
    });
    KD_VERIFY_OK(*relabelled);
    KD_AWAIT(held, SecretStore::Presence, [&](auto done) { m_store.probeSecret(account, done); });
    QCOMPARE(*held, SecretStore::Presence::Present);
    KD_AWAIT(removed, Expected<void>, [&](auto done) { m_store.deleteSecret(account, done); });
    KD_VERIFY_OK(*removed);
    QCOMPARE(entries(), QStringList());
    QCOMPARE(m_store.provider(), QStringLiteral("KeePassXC"));
    QVERIFY(m_notices.isEmpty());
}

void TestKeePassXc::theCliLabelsAndSaysWhereDeletedEntriesGo()
{
    if (locked())
        QSKIP("unlocked database only");
    QTemporaryDir data;
    QVERIFY(addVendor(data.path()));
    const CliRun imported =
        runCli(data.path(),
               {QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Vendor"),
                QStringLiteral("--client-id"), QStringLiteral("svc-billing"), QStringLiteral("--name"),
                QStringLiteral("Billing")},
               "vendor-secret-1234\n");
    QVERIFY2(imported.code == 0, qPrintable(imported.err));
    const QStringList stored = entries();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(SecretServiceLabels::labelOf(QStringLiteral("keydesk"), stored.constFirst()),
             QStringLiteral("KeyDesk: Billing (Vendor)"));
    const CliRun removed = runCli(
        data.path(), {QStringLiteral("keys"), QStringLiteral("delete"), QStringLiteral("svc-billing")});
    QVERIFY2(removed.code == 0, qPrintable(removed.err));
    QVERIFY2(QString(removed.out + removed.err).contains(QStringLiteral("Recycle Bin")),
             qPrintable(removed.out));
    QCOMPARE(entries(), QStringList());
}

void TestKeePassXc::probingNeverOpensTheUnlockDialog()
{
    if (!locked())
        QSKIP("locked database only");
    KD_AWAIT(held, SecretStore::Presence,
             [&](auto done) { m_store.probeSecret(QStringLiteral("credential/x/y"), done); });
    QCOMPARE(*held, SecretStore::Presence::Unknown);
    QTest::qWait(1000);
    QCOMPARE(W::find(W::Unlock), QString());
}

void TestKeePassXc::aDismissedUnlockStoresNothing()
{
    if (!locked())
        QSKIP("locked database only");
    const Expected<void> written = writeAnswering(QStringLiteral("credential/l/a"), W::dismiss);
    QVERIFY(!written.ok());
    QVERIFY2(written.error().kind() == Error::Kind::KeychainLocked, qPrintable(written.error().toString()));
    QVERIFY2(written.error().message().contains(QStringLiteral("KeePassXC")),
             qPrintable(written.error().message()));
    QCOMPARE(m_notices.size(), 1);
    QVERIFY(m_notices.constFirst().startsWith(QStringLiteral("KeePassXC is asking you to unlock")));
}

void TestKeePassXc::anUnansweredUnlockEndsAtTheDeadline()
{
    if (!locked())
        QSKIP("locked database only");
    m_store.setDeadlineMs(3000);
    QElapsedTimer clock;
    clock.start();
    const Expected<void> written = writeAnswering(QStringLiteral("credential/l/b"), [](const QString&) {});
    const qint64 took = clock.elapsed();
    m_store.setDeadlineMs(25000);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().kind(), Error::Kind::Timeout);
    QVERIFY2(took >= 2900 && took < 6000, qPrintable(QString::number(took)));
    // KeePassXC 2.7 leaves its dialog open after a client's Dismiss; the user closes it.
    const QString dialog = W::find(W::Unlock);
    if (!dialog.isEmpty())
        W::dismiss(dialog);
    QTRY_COMPARE_WITH_TIMEOUT(W::find(W::Unlock), QString(), 5000);
}

void TestKeePassXc::anAnsweredUnlockStores()
{
    if (!locked())
        QSKIP("locked database only");
    const Expected<void> written = writeAnswering(QStringLiteral("credential/l/c"), W::typePassword);
    KD_VERIFY_OK(written);
    // Neither refused write left anything behind.
    QCOMPARE(entries(), QStringList{QStringLiteral("credential/l/c")});
    relock();
}

void TestKeePassXc::aDismissedUnlockDeletesNothing()
{
    if (!locked())
        QSKIP("locked database only");
    std::optional<Expected<void>> removed;
    m_store.deleteSecret(QStringLiteral("credential/l/c"),
                         [&removed](Expected<void> r) { removed.emplace(r); });
    const QString dialog = W::await(W::Unlock);
    QVERIFY(!dialog.isEmpty());
    W::dismiss(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
    QVERIFY(!removed->ok());
    QCOMPARE(removed->error().kind(), Error::Kind::KeychainLocked);
    // Unlocked by reading it: it is still there.
    std::optional<Expected<SecretBytes>> read;
    m_store.readSecret(QStringLiteral("credential/l/c"),
                       [&read](Expected<SecretBytes> r) { read.emplace(r); });
    W::typePassword(W::await(W::Unlock));
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 20000);
    KD_VERIFY_OK(*read);
    QCOMPARE(read->value().toByteArray(), QByteArrayLiteral("credential/l/c"));
    relock();
}

void TestKeePassXc::theCliSaysWhatHappened()
{
    if (!locked())
        QSKIP("locked database only");
    QTemporaryDir data;
    QVERIFY(addVendor(data.path()));
    auto answered = W::answerWhenShown(W::Unlock, W::dismiss);
    const CliRun imported =
        runCli(data.path(),
               {QStringLiteral("import"), QStringLiteral("--connection"), QStringLiteral("Vendor"),
                QStringLiteral("--client-id"), QStringLiteral("svc-billing")},
               "vendor-secret-1234\n");
    QVERIFY(*answered);
    QVERIFY2(imported.code != 0, qPrintable(imported.err));
    QVERIFY2(imported.err.contains(QStringLiteral("KeePassXC is asking you to unlock")),
             qPrintable(imported.err));
    QVERIFY2(imported.err.contains(QStringLiteral("locked")), qPrintable(imported.err));
    QVERIFY2(!QString(imported.out + imported.err).contains(QStringLiteral("is in the OS keychain")),
             qPrintable(imported.out));
    const CliRun listed =
        runCli(data.path(), {QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--offline")});
    QVERIFY2(!listed.out.contains(QStringLiteral("svc-billing")), qPrintable(listed.out));
}

void TestKeePassXc::theAppStartsWithoutAsking()
{
    if (!locked())
        QSKIP("locked database only");
    QTemporaryDir data;
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), data.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(KEYDESK_APP_BINARY), {QStringLiteral("--benchmark-first-paint")});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QVERIFY2(app.exitCode() == 0, app.readAllStandardError().constData());
    QCOMPARE(W::find(W::Unlock), QString());
}

void TestKeePassXc::theProviderQuittingEndsTheJob()
{
    if (!locked())
        QSKIP("locked database only");
    std::optional<Expected<void>> written;
    m_store.writeSecret(QStringLiteral("credential/l/d"), QStringLiteral("KeyDesk: d"),
                        SecretBytes::fromUtf8("d"), [&written](Expected<void> r) { written.emplace(r); });
    QVERIFY(!W::await(W::Unlock).isEmpty());
    QElapsedTimer clock;
    clock.start();
    ::kill(qEnvironmentVariableIntValue("KEYDESK_KPX_PID"), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10000);
    QVERIFY(clock.elapsed() < 8000);
    QVERIFY(!written->ok());
    QVERIFY2(written->error().kind() == Error::Kind::KeychainUnavailable,
             qPrintable(written->error().toString()));
}

QTEST_GUILESS_MAIN(TestKeePassXc)
#include "tst_keepassxc.moc"

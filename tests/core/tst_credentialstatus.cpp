#include "ManualClock.h"
#include "core/Credential.h"
#include "core/Error.h"
#include "core/Expected.h"

#include <QTest>

Q_DECLARE_METATYPE(KeyStatus)

class TestCredentialStatus : public QObject
{
    Q_OBJECT

private slots:
    void statusAt_data();
    void statusAt();
    void expiresWithin();
    void statusStrings();
    void manualClockMoves();
    void expectedCarriesValueOrError();
};

void TestCredentialStatus::statusAt_data()
{
    QTest::addColumn<KeyStatus>("stored");
    QTest::addColumn<qint64>("expiresInSeconds"); // relative to now; 0 = never
    QTest::addColumn<KeyStatus>("expected");
    QTest::newRow("active, never expires") << KeyStatus::Active << qint64(0) << KeyStatus::Active;
    QTest::newRow("active, expires later") << KeyStatus::Active << qint64(3600) << KeyStatus::Active;
    QTest::newRow("active, one second left") << KeyStatus::Active << qint64(1) << KeyStatus::Active;
    QTest::newRow("active, expiring now") << KeyStatus::Active << qint64(-0) << KeyStatus::Active;
    QTest::newRow("active, expired") << KeyStatus::Active << qint64(-1) << KeyStatus::Expired;
    QTest::newRow("inactive, not expired") << KeyStatus::Inactive << qint64(60) << KeyStatus::Inactive;
    QTest::newRow("inactive, expired") << KeyStatus::Inactive << qint64(-60) << KeyStatus::Expired;
}

void TestCredentialStatus::statusAt()
{
    QFETCH(KeyStatus, stored);
    QFETCH(qint64, expiresInSeconds);
    QFETCH(KeyStatus, expected);
    ManualClock clock;
    Credential c;
    c.storedStatus = stored;
    if (expiresInSeconds != 0)
        c.expiresAt = clock.now().addSecs(expiresInSeconds);
    QCOMPARE(c.statusAt(clock.now()), expected);
}

void TestCredentialStatus::expiresWithin()
{
    ManualClock clock;
    Credential c;
    QVERIFY(!c.expiresWithin(14, clock.now())); // never expires
    c.expiresAt = clock.now().addDays(14);
    QVERIFY(c.expiresWithin(14, clock.now()));
    QVERIFY(!c.expiresWithin(13, clock.now()));
    clock.set(c.expiresAt); // exactly at the expiry moment the key is expired, no longer "expiring"
    QCOMPARE(c.statusAt(clock.now()), KeyStatus::Expired);
    QVERIFY(!c.expiresWithin(14, clock.now()));
}

void TestCredentialStatus::statusStrings()
{
    for (KeyStatus s : {KeyStatus::Active, KeyStatus::Inactive, KeyStatus::Expired}) {
        QCOMPARE(keyStatusFromString(keyStatusToString(s)), s);
        QVERIFY(!keyStatusDisplayName(s).isEmpty());
    }
    QCOMPARE(keyStatusFromString(QStringLiteral("ACTIVE")), std::nullopt);
    QCOMPARE(keyStatusFromString(QString()), std::nullopt);
}

void TestCredentialStatus::manualClockMoves()
{
    ManualClock clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC));
    clock.advanceSeconds(90);
    QCOMPARE(clock.now(), QDateTime(QDate(2026, 1, 1), QTime(0, 1, 30), Qt::UTC));
    QVERIFY(qAbs(Clock::system().now().secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void TestCredentialStatus::expectedCarriesValueOrError()
{
    Expected<int> good(42);
    QVERIFY(good.ok());
    QCOMPARE(good.value(), 42);
    Expected<int> bad(Error(Error::Kind::Conflict, QStringLiteral("Name taken"), QStringLiteral("detail")));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().kind(), Error::Kind::Conflict);
    QCOMPARE(bad.error().toString(), QStringLiteral("Name taken (detail)"));
    QCOMPARE(Error::kindName(Error::Kind::StorageTooNew), QStringLiteral("storage_too_new"));
    Expected<void> done;
    QVERIFY(done.ok());
}

QTEST_GUILESS_MAIN(TestCredentialStatus)
#include "tst_credentialstatus.moc"

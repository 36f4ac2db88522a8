#include "core/ExpiryOption.h"

#include <QTest>
#include <QTimeZone>

Q_DECLARE_METATYPE(ExpiryOption)

class TestExpiryOption : public QObject
{
    Q_OBJECT

private slots:
    void offersTheSeedOptionsInOrder();
    void expiryFrom_data();
    void expiryFrom();
    void roundTripsThroughDays();
    void labels();
};

void TestExpiryOption::offersTheSeedOptionsInOrder()
{
    QList<std::optional<int>> days;
    for (ExpiryOption option : allExpiryOptions())
        days << expiryDays(option);
    const QList<std::optional<int>> expected = {7, 30, 90, 180, 365, std::nullopt};
    QCOMPARE(days, expected);
}

void TestExpiryOption::expiryFrom_data()
{
    QTest::addColumn<ExpiryOption>("option");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("expected");
    const QDateTime noon(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC);
    QTest::newRow("7") << ExpiryOption::Days7 << noon << QDateTime(QDate(2026, 12, 2), QTime(12, 0), Qt::UTC);
    QTest::newRow("30 over year end")
        << ExpiryOption::Days30 << noon << QDateTime(QDate(2026, 12, 25), QTime(12, 0), Qt::UTC);
    QTest::newRow("90") << ExpiryOption::Days90 << noon
                        << QDateTime(QDate(2027, 2, 23), QTime(12, 0), Qt::UTC);
    QTest::newRow("180") << ExpiryOption::Days180 << noon
                         << QDateTime(QDate(2027, 5, 24), QTime(12, 0), Qt::UTC);
    QTest::newRow("365") << ExpiryOption::Days365 << noon
                         << QDateTime(QDate(2027, 11, 25), QTime(12, 0), Qt::UTC);
    QTest::newRow("365 over leap day")
        << ExpiryOption::Days365 << QDateTime(QDate(2027, 6, 1), QTime(0, 0), Qt::UTC)
        << QDateTime(QDate(2028, 5, 31), QTime(0, 0), Qt::UTC);
    // Across the European DST switch: exactly 7 x 86400 s later, whatever the local clock did.
    const QDateTime berlin(QDate(2026, 3, 27), QTime(9, 0), QTimeZone("Europe/Berlin"));
    QTest::newRow("7 across DST") << ExpiryOption::Days7 << berlin << berlin.toUTC().addSecs(7 * 86400);
    QTest::newRow("never") << ExpiryOption::Never << noon << QDateTime();
}

void TestExpiryOption::expiryFrom()
{
    QFETCH(ExpiryOption, option);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, expected);
    const QDateTime result = ::expiryFrom(option, from);
    QCOMPARE(result.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(result, expected);
        QCOMPARE(result.timeSpec(), Qt::UTC);
        QCOMPARE(from.secsTo(result), qint64(*expiryDays(option)) * 86400);
    }
}

void TestExpiryOption::roundTripsThroughDays()
{
    for (ExpiryOption option : allExpiryOptions())
        QCOMPARE(expiryOptionFromDays(expiryDays(option)), option);
    QCOMPARE(expiryOptionFromDays(14), std::nullopt);
    QCOMPARE(expiryOptionFromDays(0), std::nullopt);
    QCOMPARE(expiryOptionFromDays(-7), std::nullopt);
}

void TestExpiryOption::labels()
{
    QCOMPARE(expiryOptionLabel(ExpiryOption::Never), QStringLiteral("No expiry"));
    QCOMPARE(expiryOptionLabel(ExpiryOption::Days90), QStringLiteral("90 days"));
    QCOMPARE(expiryOptionLabel(ExpiryOption::Days7), QStringLiteral("7 days"));
}

QTEST_GUILESS_MAIN(TestExpiryOption)
#include "tst_expiryoption.moc"

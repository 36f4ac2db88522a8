#include "ManualMonotonicClock.h"
#include "core/TokenCountdown.h"

#include <QTest>

class TestTokenCountdown : public QObject
{
    Q_OBJECT

private slots:
    void displayAtTheMomentsThatMatter();
    void renewalPoint();
    void unknownLifetime();
};

void TestTokenCountdown::displayAtTheMomentsThatMatter()
{
    ManualMonotonicClock clock;
    TokenCountdown countdown(clock, 3600);
    QCOMPARE(countdown.text(), QStringLiteral("1:00:00"));
    QCOMPARE(countdown.state(), TokenCountdown::State::Normal);
    QCOMPARE(countdown.fractionLeft(), 1.0);
    clock.advanceMs((3600 - 300) * 1000LL); // T-5:00
    QCOMPARE(countdown.text(), QStringLiteral("05:00"));
    QCOMPARE(countdown.state(), TokenCountdown::State::Normal);
    clock.advanceMs(1000); // under five minutes: warning colour
    QCOMPARE(countdown.state(), TokenCountdown::State::Warning);
    QCOMPARE(countdown.text(), QStringLiteral("04:59"));
    clock.advanceMs(298 * 1000LL); // T-0:01
    QCOMPARE(countdown.text(), QStringLiteral("00:01"));
    QCOMPARE(countdown.secondsLeft(), 1);
    clock.advanceMs(1000); // 0
    QCOMPARE(countdown.text(), QStringLiteral("expired"));
    QCOMPARE(countdown.state(), TokenCountdown::State::Expired);
    QCOMPARE(countdown.fractionLeft(), 0.0);
    clock.advanceMs(3600 * 1000LL); // and after
    QCOMPARE(countdown.secondsLeft(), 0);
    QCOMPARE(countdown.text(), QStringLiteral("expired"));
}

void TestTokenCountdown::renewalPoint()
{
    ManualMonotonicClock clock;
    TokenCountdown hour(clock, 3600);
    clock.advanceMs((3600 - 361) * 1000LL);
    QVERIFY(!hour.shouldRenew());
    clock.advanceMs(1000); // a tenth of an hour left
    QVERIFY(hour.shouldRenew());
    ManualMonotonicClock clock2;
    TokenCountdown shortLived(clock2, 120);
    clock2.advanceMs(59 * 1000LL);
    QVERIFY(!shortLived.shouldRenew());
    clock2.advanceMs(1000); // at least a minute ahead
    QVERIFY(shortLived.shouldRenew());
}

void TestTokenCountdown::unknownLifetime()
{
    ManualMonotonicClock clock;
    TokenCountdown countdown(clock, std::nullopt);
    QCOMPARE(countdown.state(), TokenCountdown::State::Unknown);
    QCOMPARE(countdown.text(), QStringLiteral("unknown"));
    QVERIFY(!countdown.shouldRenew());
    QCOMPARE(TokenCountdown().secondsLeft(), -1);
}

QTEST_GUILESS_MAIN(TestTokenCountdown)
#include "tst_tokencountdown.moc"

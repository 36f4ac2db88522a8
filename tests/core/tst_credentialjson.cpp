#include "ExpectedHelpers.h"
#include "core/CredentialJson.h"
#include "core/Rfc3339.h"

#include <QTest>

class TestCredentialJson : public QObject
{
    Q_OBJECT

private slots:
    void roundTrips();
    void statusSaysExpiredWhenPastExpiry();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void rfc3339();
};

static Credential sample()
{
    Credential c;
    c.remoteId = QStringLiteral("0f54df9a");
    c.project = QStringLiteral("prj_1");
    c.name = QStringLiteral("Überwachung");
    c.description = QStringLiteral("ci");
    c.keyId = QStringLiteral("kd_ABCDEFGHIJKLMNOPQRST");
    c.last4 = QStringLiteral("Rl0K");
    c.createdAt = QDateTime(QDate(2026, 11, 25), QTime(17, 0), Qt::UTC);
    c.expiresAt = c.createdAt.addDays(30);
    c.username = QStringLiteral("apiuser-0f54df9a@keydesk.local");
    return c;
}

void TestCredentialJson::roundTrips()
{
    const Credential c = sample();
    const QJsonObject json = CredentialJson::toJson(c, c.createdAt);
    QVERIFY(json.value(QLatin1String("last_used_at")).isNull());
    QVERIFY(!json.contains(QLatin1String("secret")));
    auto back = CredentialJson::fromJson(json);
    KD_VERIFY_OK(back);
    QCOMPARE(back.value().name, c.name);
    QCOMPARE(back.value().keyId, c.keyId);
    QCOMPARE(back.value().expiresAt, c.expiresAt);
    QCOMPARE(back.value().createdAt, c.createdAt);
    QVERIFY(!back.value().lastUsedAt.isValid());
    QCOMPARE(back.value().storedStatus, KeyStatus::Active);
}

void TestCredentialJson::statusSaysExpiredWhenPastExpiry()
{
    const Credential c = sample();
    const QJsonObject json = CredentialJson::toJson(c, c.expiresAt.addSecs(1));
    QCOMPARE(json.value(QLatin1String("status")).toString(), QStringLiteral("expired"));
}

void TestCredentialJson::rejectsMalformed_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("no key_id") << QStringLiteral("key_id") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("numeric name") << QStringLiteral("name") << QJsonValue(5);
    QTest::newRow("bad status") << QStringLiteral("status") << QJsonValue(QStringLiteral("revoked"));
    QTest::newRow("bad time") << QStringLiteral("created_at") << QJsonValue(QStringLiteral("yesterday"));
    QTest::newRow("time without zone")
        << QStringLiteral("expires_at") << QJsonValue(QStringLiteral("2026-01-01T00:00:00"));
    QTest::newRow("null created") << QStringLiteral("created_at") << QJsonValue(QJsonValue::Null);
    // What the CLI prints and the app puts in paths: only the shapes the service makes.
    QTest::newRow("key_id with a terminal title")
        << QStringLiteral("key_id") << QJsonValue(QStringLiteral("kd_ABCDEFGHIJ\x1b]0;owned\x07KLMNOPQ"));
    QTest::newRow("key_id with a path")
        << QStringLiteral("key_id") << QJsonValue(QStringLiteral("kd_ABCDEFGHIJ/../KLMNOPQ"));
    QTest::newRow("key_id too short") << QStringLiteral("key_id") << QJsonValue(QStringLiteral("kd_ABC"));
    QTest::newRow("key_id lower case")
        << QStringLiteral("key_id") << QJsonValue(QStringLiteral("kd_abcdefghijklmnopqrst"));
    QTest::newRow("last4 with a newline") << QStringLiteral("last4") << QJsonValue(QStringLiteral("ab\ncd"));
    QTest::newRow("last4 too long") << QStringLiteral("last4") << QJsonValue(QStringLiteral("abcde"));
}

void TestCredentialJson::rejectsMalformed()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QJsonObject json = CredentialJson::toJson(sample(), QDateTime::currentDateTimeUtc());
    if (value.isUndefined())
        json.remove(field);
    else
        json.insert(field, value);
    auto parsed = CredentialJson::fromJson(json);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind(), Error::Kind::Protocol);
    QVERIFY(parsed.error().detail().contains(field));
}

void TestCredentialJson::rfc3339()
{
    QCOMPARE(Rfc3339::format(QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC)),
             QStringLiteral("2026-01-02T03:04:05Z"));
    QCOMPARE(Rfc3339::parse(QStringLiteral("2026-01-02T05:04:05+02:00")),
             QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QVERIFY(!Rfc3339::parse(QStringLiteral("2026-01-02")).isValid());
    QVERIFY(!Rfc3339::format(QDateTime()).size());
}

QTEST_GUILESS_MAIN(TestCredentialJson)
#include "tst_credentialjson.moc"

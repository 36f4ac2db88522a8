#include "ExpectedHelpers.h"
#include "ManualClock.h"
#include "ServiceFixture.h"
#include "service/Jwt.h"

#include <QTest>

// Signing keys with a kid, rotated while tokens stay valid, seen by every instance on one database; session
// admin tokens that expire unless renewed (issue 11, item 3). Runs on SQLite and on PostgreSQL.
class TestSigningKeys : public QObject
{
    Q_OBJECT

private slots:
    void rotationKeepsOldTokensValid_data() { ServiceFixture::addDatabaseRows(); }
    void rotationKeepsOldTokensValid();
    void sessionTokensExpireUnlessRenewed_data() { ServiceFixture::addDatabaseRows(); }
    void sessionTokensExpireUnlessRenewed();

private:
    static QString kidOf(const QByteArray& token)
    {
        auto decoded = Jwt::decodeUnverified(token);
        return decoded ? decoded.value().first.value(QLatin1String("kid")).toString() : QString();
    }
};

void TestSigningKeys::rotationKeepsOldTokensValid()
{
    QFETCH(QString, backend);
    ManualClock clock(QDateTime::currentDateTimeUtc());
    ServiceFixture first(backend, {}, clock);
    QVERIFY(first.start());
    // A second instance on the same database, as behind nginx.
    ServiceConfig shared = first.config();
    KeyDeskServer second(shared, {}, clock);
    KD_VERIFY_OK(second.open());

    auto project = first.server().keys().projects().create(QStringLiteral("P"), Actor::commandLine());
    KD_VERIFY_OK(project);
    auto key = first.server().keys().createKey(project.value().id, {QStringLiteral("k"), {}, {}, {}},
                                               Actor::commandLine());
    KD_VERIFY_OK(key);
    const QString keyId = key.value().key.keyId;
    const SecretBytes& secret = key.value().secret;

    auto before = first.server().tokens().issue(keyId, secret, {});
    KD_VERIFY_OK(before);
    QCOMPARE(kidOf(before.value().accessToken), QStringLiteral("k0"));

    auto rotated = second.keys().signingKeys().rotate(Actor::commandLine());
    KD_VERIFY_OK(rotated);
    QVERIFY(rotated.value() != QLatin1String("k0"));
    auto after = second.tokens().issue(keyId, secret, {});
    KD_VERIFY_OK(after);
    QCOMPARE(kidOf(after.value().accessToken), rotated.value());

    // The other instance verifies the new key's token at once (an unknown kid makes it look), and both
    // keep accepting the token signed before the rotation.
    KD_VERIFY_OK(first.server().tokens().authenticateAccessToken(after.value().accessToken));
    KD_VERIFY_OK(first.server().tokens().authenticateAccessToken(before.value().accessToken));
    KD_VERIFY_OK(second.tokens().authenticateAccessToken(before.value().accessToken));
    // Within a minute it signs with the new key too.
    clock.advanceSeconds(61);
    auto later = first.server().tokens().issue(keyId, secret, {});
    KD_VERIFY_OK(later);
    QCOMPARE(kidOf(later.value().accessToken), rotated.value());
    // A forged kid gets nowhere.
    QVERIFY(!first.server()
                 .tokens()
                 .authenticateAccessToken(
                     Jwt::sign({{QStringLiteral("sub"), keyId}, {QStringLiteral("exp"), qint64(4102444800)}},
                               QByteArray(32, 'x'), QStringLiteral("kfffff")))
                 .ok());
}

void TestSigningKeys::sessionTokensExpireUnlessRenewed()
{
    QFETCH(QString, backend);
    ManualClock clock(QDateTime::currentDateTimeUtc());
    ServiceFixture f(backend, {}, clock);
    QVERIFY(f.start());
    PeopleDirectory& keys = f.server().people();
    const auto isAdminToken = [&keys](const SecretBytes& token) {
        return keys.authenticate(token, QStringLiteral("127.0.0.1")).value().has_value();
    };
    auto renewed = keys.addSessionToken();
    KD_VERIFY_OK(renewed);
    auto abandoned = keys.addSessionToken(); // an app that was killed: nobody renews it
    KD_VERIFY_OK(abandoned);
    QVERIFY(isAdminToken(renewed.value().token));
    QVERIFY(isAdminToken(abandoned.value().token));

    clock.advanceSeconds(23 * 3600);
    QVERIFY(keys.renewSessionToken(renewed.value().id));
    clock.advanceSeconds(2 * 3600);
    QVERIFY(isAdminToken(renewed.value().token));
    QVERIFY(!isAdminToken(abandoned.value().token));
    QVERIFY(!keys.renewSessionToken(abandoned.value().id)); // too late to bring it back

    // Over HTTP the expired one is refused like any wrong token.
    auto res = f.client().Get(
        "/v1/projects", {{"Authorization", "Bearer " + abandoned.value().token.toByteArray().toStdString()}});
    QVERIFY(res);
    QCOMPARE(res->status, 401);
    keys.removeSessionToken(renewed.value().id);
    QVERIFY(!isAdminToken(renewed.value().token));
}

QTEST_GUILESS_MAIN(TestSigningKeys)
#include "tst_signingkeys.moc"

#include "ManualClock.h"
#include "ServiceFixture.h"
#include "service/Jwt.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

// POST /oauth/token and GET /health (RFC 6749 §4.4 / §5.2 and docs/api.md) over real HTTP.
class TestTokenEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void issuesTokens_data();
    void issuesTokens();
    void requestErrors_data();
    void requestErrors();
    void badClientsAreInvalidClient_data() { ServiceFixture::addDatabaseRows(); }
    void badClientsAreInvalidClient();
    void healthWithApiKeyAndBearer_data() { ServiceFixture::addDatabaseRows(); }
    void healthWithApiKeyAndBearer();
    void deactivatingOrDeletingRevokesTokens_data() { ServiceFixture::addDatabaseRows(); }
    void deactivatingOrDeletingRevokesTokens();
    void expiryOfTokensAndKeys();
    void rateLimitsWithRetryAfter();
    void lastUsedIsRecorded();

private:
    struct Key
    {
        std::string project;
        std::string id;
        std::string keyId;
        std::string secret;
    };
    static Key makeKey(ServiceFixture& f, const QString& name = QStringLiteral("client"),
                       QJsonValue days = QJsonValue())
    {
        Key k;
        k.project = f.createProject(QStringLiteral("Project ") + name);
        const QJsonObject created = f.createKey(k.project, name, days);
        k.id = created.value(QLatin1String("id")).toString().toStdString();
        k.keyId = created.value(QLatin1String("key_id")).toString().toStdString();
        k.secret = created.value(QLatin1String("secret")).toString().toStdString();
        return k;
    }
    static std::string form(const QList<QPair<QString, QString>>& items)
    {
        QStringList parts;
        for (const auto& [name, value] : items) {
            parts << QString::fromLatin1(QUrl::toPercentEncoding(name)) + QLatin1Char('=') +
                         QString::fromLatin1(QUrl::toPercentEncoding(value));
        }
        return parts.join(QLatin1Char('&')).toStdString();
    }
    static httplib::Result requestToken(ServiceFixture& f, const Key& k, const QString& auth,
                                        const QString& encoding, const std::string& path = "/oauth/token");
};

httplib::Result TestTokenEndpoint::requestToken(ServiceFixture& f, const Key& k, const QString& auth,
                                                const QString& encoding, const std::string& path)
{
    QList<QPair<QString, QString>> params{
        {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    httplib::Headers headers;
    if (auth == QLatin1String("basic")) {
        const QByteArray pair = QByteArray::fromStdString(k.keyId + ":" + k.secret).toBase64();
        headers.emplace("Authorization", "Basic " + pair.toStdString());
    } else {
        params << qMakePair(QStringLiteral("client_id"), QString::fromStdString(k.keyId))
               << qMakePair(QStringLiteral("client_secret"), QString::fromStdString(k.secret));
    }
    if (encoding == QLatin1String("json")) {
        QJsonObject body;
        for (const auto& [name, value] : params)
            body.insert(name, value);
        return f.client().Post(path.c_str(), headers, QJsonDocument(body).toJson().toStdString(),
                               "application/json");
    }
    return f.client().Post(path.c_str(), headers, form(params), "application/x-www-form-urlencoded");
}

void TestTokenEndpoint::issuesTokens_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("auth");
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QString>("path");
    QStringList backends{QStringLiteral("sqlite")};
    if (!ServiceFixture::postgresUrl().isEmpty())
        backends << QStringLiteral("postgresql");
    for (const QString& backend : backends) {
        for (const QString& auth : {QStringLiteral("basic"), QStringLiteral("body")}) {
            for (const QString& encoding : {QStringLiteral("form"), QStringLiteral("json")}) {
                for (const QString& path : {QStringLiteral("/oauth/token"), QStringLiteral("/auth/token")}) {
                    QTest::addRow("%s %s %s %s", qPrintable(backend), qPrintable(auth), qPrintable(encoding),
                                  qPrintable(path))
                        << backend << auth << encoding << path;
                }
            }
        }
    }
}

void TestTokenEndpoint::issuesTokens()
{
    QFETCH(QString, backend);
    QFETCH(QString, auth);
    QFETCH(QString, encoding);
    QFETCH(QString, path);
    ServiceConfig config;
    config.tokenTtlSeconds = 1800;
    ServiceFixture f(backend, config);
    QVERIFY(f.start());
    const Key k = makeKey(f);
    auto res = requestToken(f, k, auth, encoding, path.toStdString());
    QVERIFY(res);
    QVERIFY2(res->status == 200, res->body.c_str());
    QCOMPARE(res->get_header_value("Cache-Control"), std::string("no-store"));
    QCOMPARE(res->get_header_value("Content-Type"), std::string("application/json"));
    const QJsonObject body = ServiceFixture::json(res);
    QCOMPARE(body.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
    QCOMPARE(body.value(QLatin1String("expires_in")).toInt(), 1800);
    const QByteArray token = body.value(QLatin1String("access_token")).toString().toLatin1();
    auto decoded = Jwt::decodeUnverified(token);
    QVERIFY(decoded.ok());
    const QJsonObject claims = decoded.value().second;
    QCOMPARE(decoded.value().first.value(QLatin1String("alg")).toString(), QStringLiteral("HS256"));
    QCOMPARE(claims.value(QLatin1String("sub")).toString().toStdString(), k.keyId);
    QCOMPARE(claims.value(QLatin1String("project")).toString().toStdString(), k.project);
    QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("keydesk"));
    QCOMPARE(claims.value(QLatin1String("exp")).toInteger() - claims.value(QLatin1String("iat")).toInteger(),
             1800);
    QCOMPARE(claims.value(QLatin1String("jti")).toString().size(), 32);
    QVERIFY(QJsonDocument(claims).toJson().indexOf(QByteArray::fromStdString(k.secret)) < 0);
    auto health = f.client().Get("/health", {{"Authorization", "Bearer " + token.toStdString()}});
    QCOMPARE(health->status, 204);
}

void TestTokenEndpoint::requestErrors_data()
{
    QTest::addColumn<std::string>("contentType");
    QTest::addColumn<std::string>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<std::string>("code");
    QTest::newRow("no grant_type") << std::string("application/x-www-form-urlencoded")
                                   << std::string("client_id=a&client_secret=b") << 400
                                   << std::string("invalid_request");
    QTest::newRow("password grant") << std::string("application/x-www-form-urlencoded")
                                    << std::string("grant_type=password&username=a&password=b") << 400
                                    << std::string("unsupported_grant_type");
    QTest::newRow("json number") << std::string("application/json") << std::string("{\"grant_type\": 5}")
                                 << 400 << std::string("invalid_request");
    QTest::newRow("broken json") << std::string("application/json") << std::string("{\"grant_type\":") << 400
                                 << std::string("invalid_request");
    QTest::newRow("text/plain") << std::string("text/plain") << std::string("grant_type=client_credentials")
                                << 400 << std::string("invalid_request");
    QTest::newRow("repeated parameter")
        << std::string("application/x-www-form-urlencoded")
        << std::string("grant_type=client_credentials&grant_type=client_credentials") << 400
        << std::string("invalid_request");
    QTest::newRow("no client") << std::string("application/x-www-form-urlencoded")
                               << std::string("grant_type=client_credentials") << 401
                               << std::string("invalid_client");
    QTest::newRow("blank secret")
        << std::string("application/json")
        << std::string(
               "{\"grant_type\":\"client_credentials\",\"client_id\":\"kd_X\",\"client_secret\":\"\"}")
        << 401 << std::string("invalid_client");
}

void TestTokenEndpoint::requestErrors()
{
    QFETCH(std::string, contentType);
    QFETCH(std::string, body);
    QFETCH(int, status);
    QFETCH(std::string, code);
    ServiceFixture f;
    QVERIFY(f.start());
    auto res = f.client().Post("/oauth/token", body, contentType.c_str());
    QVERIFY(res);
    QCOMPARE(res->status, status);
    QCOMPARE(ServiceFixture::errorCode(res), code);
    const QJsonObject json = ServiceFixture::json(res);
    QVERIFY(!json.value(QLatin1String("error_description")).toString().isEmpty());
    QCOMPARE(res->get_header_value("Cache-Control"), std::string("no-store"));
}

void TestTokenEndpoint::badClientsAreInvalidClient()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    Key k = makeKey(f);
    Key wrongSecret = k;
    wrongSecret.secret[10] = wrongSecret.secret[10] == 'A' ? 'B' : 'A';
    Key unknown = k;
    unknown.keyId = "kd_AAAAAAAAAAAAAAAAAAAA";
    for (const Key& bad : {wrongSecret, unknown}) {
        auto viaBasic = requestToken(f, bad, QStringLiteral("basic"), QStringLiteral("form"));
        QCOMPARE(viaBasic->status, 401);
        QCOMPARE(ServiceFixture::errorCode(viaBasic), std::string("invalid_client"));
        QVERIFY(viaBasic->get_header_value("WWW-Authenticate").rfind("Basic", 0) == 0);
        auto viaBody = requestToken(f, bad, QStringLiteral("body"), QStringLiteral("json"));
        QCOMPARE(viaBody->status, 401);
        QCOMPARE(ServiceFixture::errorCode(viaBody), std::string("invalid_client"));
    }
    // Both methods at once is refused (RFC 6749 §2.3), as is a malformed Basic header.
    const QByteArray pair = QByteArray::fromStdString(k.keyId + ":" + k.secret).toBase64();
    auto both = f.client().Post("/oauth/token", {{"Authorization", "Basic " + pair.toStdString()}},
                                form({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                      {QStringLiteral("client_secret"), QString::fromStdString(k.secret)}}),
                                "application/x-www-form-urlencoded");
    QCOMPARE(both->status, 400);
    auto garbled = f.client().Post("/oauth/token", {{"Authorization", "Basic !!!not-base64"}},
                                   "grant_type=client_credentials", "application/x-www-form-urlencoded");
    QCOMPARE(garbled->status, 400);
    // Inactive keys get no tokens.
    const std::string path = "/v1/projects/" + k.project + "/keys/" + k.id;
    QCOMPARE(
        f.client().Patch(path.c_str(), f.admin(), "{\"status\":\"inactive\"}", "application/json")->status,
        200);
    QCOMPARE(ServiceFixture::errorCode(requestToken(f, k, QStringLiteral("basic"), QStringLiteral("form"))),
             std::string("invalid_client"));
    QCOMPARE(f.client().Delete(path.c_str(), f.admin())->status, 204);
    QCOMPARE(ServiceFixture::errorCode(requestToken(f, k, QStringLiteral("body"), QStringLiteral("form"))),
             std::string("invalid_client"));
}

void TestTokenEndpoint::healthWithApiKeyAndBearer()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    const Key k = makeKey(f);
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", k.secret}})->status, 204);
    QCOMPARE(f.client().Get("/health", {{"Authorization", "Bearer " + k.secret}})->status, 204);
    auto none = f.client().Get("/health");
    QCOMPARE(none->status, 401);
    QCOMPARE(ServiceFixture::errorCode(none), std::string("missing_credentials"));
    auto wrong = f.client().Get("/health", {{"X-API-Key", "kds_" + std::string(40, 'x')}});
    QCOMPARE(wrong->status, 401);
    QCOMPARE(ServiceFixture::errorCode(wrong), std::string("invalid_key"));
    auto junkToken = f.client().Get("/health", {{"Authorization", "Bearer eyJhbGciOiJub25lIn0.e30."}});
    QCOMPARE(junkToken->status, 401);
    QCOMPARE(ServiceFixture::errorCode(junkToken), std::string("invalid_token"));
    const std::string path = "/v1/projects/" + k.project + "/keys/" + k.id;
    QCOMPARE(
        f.client().Patch(path.c_str(), f.admin(), "{\"status\":\"inactive\"}", "application/json")->status,
        200);
    auto inactive = f.client().Get("/health", {{"X-API-Key", k.secret}});
    QCOMPARE(inactive->status, 401);
    QCOMPARE(ServiceFixture::errorCode(inactive), std::string("key_inactive"));
}

void TestTokenEndpoint::deactivatingOrDeletingRevokesTokens()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    const Key k = makeKey(f);
    auto issued = requestToken(f, k, QStringLiteral("basic"), QStringLiteral("json"));
    const std::string bearer =
        "Bearer " +
        ServiceFixture::json(issued).value(QLatin1String("access_token")).toString().toStdString();
    QCOMPARE(f.client().Get("/health", {{"Authorization", bearer}})->status, 204);
    const std::string path = "/v1/projects/" + k.project + "/keys/" + k.id;
    QCOMPARE(
        f.client().Patch(path.c_str(), f.admin(), "{\"status\":\"inactive\"}", "application/json")->status,
        200);
    auto off = f.client().Get("/health", {{"Authorization", bearer}});
    QCOMPARE(off->status, 401);
    QCOMPARE(ServiceFixture::errorCode(off), std::string("key_inactive"));
    QCOMPARE(f.client().Patch(path.c_str(), f.admin(), "{\"status\":\"active\"}", "application/json")->status,
             200);
    QCOMPARE(f.client().Get("/health", {{"Authorization", bearer}})->status, 204);
    QCOMPARE(f.client().Delete(path.c_str(), f.admin())->status, 204);
    auto gone = f.client().Get("/health", {{"Authorization", bearer}});
    QCOMPARE(gone->status, 401);
    QCOMPARE(ServiceFixture::errorCode(gone), std::string("invalid_token"));
}

void TestTokenEndpoint::expiryOfTokensAndKeys()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    ServiceConfig config;
    config.tokenTtlSeconds = 600;
    ServiceFixture f(QStringLiteral("sqlite"), config, clock);
    QVERIFY(f.start());
    const Key k = makeKey(f, QStringLiteral("weekly"), 7);
    auto issued = requestToken(f, k, QStringLiteral("body"), QStringLiteral("form"));
    const std::string bearer =
        "Bearer " +
        ServiceFixture::json(issued).value(QLatin1String("access_token")).toString().toStdString();
    clock.advanceSeconds(599);
    QCOMPARE(f.client().Get("/health", {{"Authorization", bearer}})->status, 204);
    clock.advanceSeconds(1);
    auto expiredToken = f.client().Get("/health", {{"Authorization", bearer}});
    QCOMPARE(expiredToken->status, 401);
    QCOMPARE(ServiceFixture::errorCode(expiredToken), std::string("token_expired"));
    // The key itself expires 7 days after creation: /health says so, the token endpoint refuses.
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", k.secret}})->status, 204);
    clock.advanceSeconds(7 * 86400);
    auto expiredKey = f.client().Get("/health", {{"X-API-Key", k.secret}});
    QCOMPARE(expiredKey->status, 401);
    QCOMPARE(ServiceFixture::errorCode(expiredKey), std::string("key_expired"));
    QCOMPARE(ServiceFixture::errorCode(requestToken(f, k, QStringLiteral("basic"), QStringLiteral("form"))),
             std::string("invalid_client"));
    auto list = f.client().Get(("/v1/projects/" + k.project + "/keys").c_str(), f.admin());
    QCOMPARE(ServiceFixture::json(list)
                 .value(QLatin1String("keys"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("status"))
                 .toString(),
             QStringLiteral("expired"));
}

void TestTokenEndpoint::rateLimitsWithRetryAfter()
{
    ServiceConfig config;
    config.tokenRatePerSecond = 0.2; // one every 5 s
    config.tokenBurst = 2;
    config.healthRatePerSecond = 0.5;
    config.healthBurst = 3;
    ServiceFixture f(QStringLiteral("sqlite"), config);
    QVERIFY(f.start());
    const Key k = makeKey(f);
    QCOMPARE(requestToken(f, k, QStringLiteral("basic"), QStringLiteral("form"))->status, 200);
    QCOMPARE(requestToken(f, k, QStringLiteral("basic"), QStringLiteral("form"))->status, 200);
    auto limited = requestToken(f, k, QStringLiteral("basic"), QStringLiteral("form"));
    QCOMPARE(limited->status, 429);
    QCOMPARE(ServiceFixture::errorCode(limited), std::string("rate_limited"));
    const int retryAfter = std::stoi(limited->get_header_value("Retry-After"));
    QVERIFY(retryAfter >= 1 && retryAfter <= 5);
    // Another client is not affected.
    const Key other = makeKey(f, QStringLiteral("other"));
    QCOMPARE(requestToken(f, other, QStringLiteral("body"), QStringLiteral("json"))->status, 200);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(f.client().Get("/health", {{"X-API-Key", k.secret}})->status, 204);
    auto healthLimited = f.client().Get("/health", {{"X-API-Key", k.secret}});
    QCOMPARE(healthLimited->status, 429);
    QVERIFY(!healthLimited->get_header_value("Retry-After").empty());
}

void TestTokenEndpoint::lastUsedIsRecorded()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    ServiceFixture f(QStringLiteral("sqlite"), {}, clock);
    QVERIFY(f.start());
    const Key k = makeKey(f);
    auto lastUsed = [&]() {
        auto list = f.client().Get(("/v1/projects/" + k.project + "/keys").c_str(), f.admin());
        return ServiceFixture::json(list)
            .value(QLatin1String("keys"))
            .toArray()
            .first()
            .toObject()
            .value(QLatin1String("last_used_at"));
    };
    QVERIFY(lastUsed().isNull());
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", k.secret}})->status, 204);
    const QString first = lastUsed().toString();
    QVERIFY(!first.isEmpty());
    clock.advanceSeconds(30); // within a minute: not rewritten
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", k.secret}})->status, 204);
    QCOMPARE(lastUsed().toString(), first);
    clock.advanceSeconds(60);
    QCOMPARE(requestToken(f, k, QStringLiteral("basic"), QStringLiteral("form"))->status, 200);
    QVERIFY(lastUsed().toString() > first);
}

QTEST_GUILESS_MAIN(TestTokenEndpoint)
#include "tst_tokenendpoint.moc"

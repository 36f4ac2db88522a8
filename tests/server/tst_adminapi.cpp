#include "ServiceFixture.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

// The admin half of docs/api.md, row by row, over real HTTP, on SQLite and PostgreSQL.
class TestAdminApi : public QObject
{
    Q_OBJECT

private slots:
    void livezNeedsNoAuth_data() { ServiceFixture::addDatabaseRows(); }
    void livezNeedsNoAuth();
    void adminCallsNeedTheAdminToken_data() { ServiceFixture::addDatabaseRows(); }
    void adminCallsNeedTheAdminToken();
    void sessionTokensAreIndependent_data() { ServiceFixture::addDatabaseRows(); }
    void sessionTokensAreIndependent();
    void projectsLifecycle_data() { ServiceFixture::addDatabaseRows(); }
    void projectsLifecycle();
    void createKeyReturnsTheSecretOnce_data() { ServiceFixture::addDatabaseRows(); }
    void createKeyReturnsTheSecretOnce();
    void everyExpiryOption_data() { ServiceFixture::addDatabaseRows(); }
    void everyExpiryOption();
    void keyValidationErrors_data() { ServiceFixture::addDatabaseRows(); }
    void keyValidationErrors();
    void nameTaken_data() { ServiceFixture::addDatabaseRows(); }
    void nameTaken();
    void keyLimit_data() { ServiceFixture::addDatabaseRows(); }
    void keyLimit();
    void patchAndDelete_data() { ServiceFixture::addDatabaseRows(); }
    void patchAndDelete();
    void sqlLookingNamesAreStoredVerbatim_data() { ServiceFixture::addDatabaseRows(); }
    void sqlLookingNamesAreStoredVerbatim();
    void malformedRequests_data() { ServiceFixture::addDatabaseRows(); }
    void malformedRequests();
    void unknownRoutesAndMethods_data() { ServiceFixture::addDatabaseRows(); }
    void unknownRoutesAndMethods();
    void restartKeepsAllData_data() { ServiceFixture::addDatabaseRows(); }
    void restartKeepsAllData();
};

#define START_FIXTURE(f)                                                                                     \
    QFETCH(QString, backend);                                                                                \
    ServiceFixture f(backend);                                                                               \
    QVERIFY(f.start())

void TestAdminApi::livezNeedsNoAuth()
{
    START_FIXTURE(f);
    auto res = f.client().Get("/livez");
    QVERIFY(res);
    QCOMPARE(res->status, 204);
    QVERIFY(res->body.empty());
}

void TestAdminApi::adminCallsNeedTheAdminToken()
{
    START_FIXTURE(f);
    auto none = f.client().Get("/v1/projects");
    QCOMPARE(none->status, 401);
    QCOMPARE(ServiceFixture::errorCode(none), std::string("unauthorized"));
    QVERIFY(none->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    auto wrong = f.client().Get("/v1/projects", {{"Authorization", "Bearer kda_wrong"}});
    QCOMPARE(wrong->status, 401);
    // A key secret is not an admin token.
    const std::string project = f.createProject();
    const QJsonObject key = f.createKey(project, QStringLiteral("k"));
    const std::string secret = key.value(QLatin1String("secret")).toString().toStdString();
    auto withKey = f.client().Get("/v1/projects", {{"Authorization", "Bearer " + secret}});
    QCOMPARE(withKey->status, 401);
    // Rotating the admin token retires the old one at once.
    const std::string old = f.adminToken;
    auto rotated = f.server().people().rotateAdminToken();
    QVERIFY(rotated.ok());
    QCOMPARE(f.client().Get("/v1/projects", {{"Authorization", "Bearer " + old}})->status, 401);
    QCOMPARE(
        f.client()
            .Get("/v1/projects", {{"Authorization", "Bearer " + rotated.value().toByteArray().toStdString()}})
            ->status,
        200);
}

void TestAdminApi::sessionTokensAreIndependent()
{
    START_FIXTURE(f);
    auto app = f.server().people().addSessionToken();
    auto cli = f.server().people().addSessionToken();
    QVERIFY(app.ok() && cli.ok());
    auto bearer = [](const SecretBytes& token) {
        return httplib::Headers{{"Authorization", "Bearer " + token.toByteArray().toStdString()}};
    };
    QCOMPARE(f.client().Get("/v1/projects", bearer(app.value().token))->status, 200);
    QCOMPARE(f.client().Get("/v1/projects", bearer(cli.value().token))->status, 200);
    // The CLI finishing revokes its own token only.
    f.server().people().removeSessionToken(cli.value().id);
    QCOMPARE(f.client().Get("/v1/projects", bearer(cli.value().token))->status, 401);
    QCOMPARE(f.client().Get("/v1/projects", bearer(app.value().token))->status, 200);
    // Rotating the operator's admin token leaves running sessions alone.
    QVERIFY(f.server().people().rotateAdminToken().ok());
    QCOMPARE(f.client().Get("/v1/projects", bearer(app.value().token))->status, 200);
}

void TestAdminApi::projectsLifecycle()
{
    START_FIXTURE(f);
    auto created = f.postJson("/v1/projects", {{QStringLiteral("name"), QStringLiteral("Payments")}});
    QCOMPARE(created->status, 201);
    const QJsonObject project = ServiceFixture::json(created);
    const std::string id = project.value(QLatin1String("id")).toString().toStdString();
    QVERIFY(id.rfind("prj_", 0) == 0);
    QVERIFY(project.value(QLatin1String("created_at")).toString().endsWith(QLatin1Char('Z')));

    auto list = f.client().Get("/v1/projects", f.admin());
    QCOMPARE(list->status, 200);
    const QJsonArray projects = ServiceFixture::json(list).value(QLatin1String("projects")).toArray();
    QCOMPARE(projects.size(), 1);
    QCOMPARE(projects.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("Payments"));

    auto duplicate = f.postJson("/v1/projects", {{QStringLiteral("name"), QStringLiteral("Payments")}});
    QCOMPARE(duplicate->status, 409);
    QCOMPARE(ServiceFixture::errorCode(duplicate), std::string("name_taken"));

    f.createKey(id, QStringLiteral("in project"));
    auto removed = f.client().Delete(("/v1/projects/" + id).c_str(), f.admin());
    QCOMPARE(removed->status, 204);
    QCOMPARE(f.client().Get(("/v1/projects/" + id + "/keys").c_str(), f.admin())->status, 404);
    QCOMPARE(f.client().Delete(("/v1/projects/" + id).c_str(), f.admin())->status, 404);
}

void TestAdminApi::createKeyReturnsTheSecretOnce()
{
    START_FIXTURE(f);
    const std::string project = f.createProject();
    auto res = f.postJson("/v1/projects/" + project + "/keys",
                          {{QStringLiteral("name"), QStringLiteral("Überwachung")},
                           {QStringLiteral("description"), QStringLiteral("Monitoring")},
                           {QStringLiteral("expires_in_days"), 30}});
    QCOMPARE(res->status, 201);
    QCOMPARE(res->get_header_value("Cache-Control"), std::string("no-store"));
    const QJsonObject key = ServiceFixture::json(res);
    const QString secret = key.value(QLatin1String("secret")).toString();
    QVERIFY(QRegularExpression(QStringLiteral("^kds_[0-9A-Za-z]{40}$")).match(secret).hasMatch());
    QVERIFY(QRegularExpression(QStringLiteral("^kd_[A-Z2-7]{20}$"))
                .match(key.value(QLatin1String("key_id")).toString())
                .hasMatch());
    QCOMPARE(key.value(QLatin1String("last4")).toString(), secret.right(4));
    QCOMPARE(key.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(key.value(QLatin1String("name")).toString(), QStringLiteral("Überwachung"));
    QCOMPARE(key.value(QLatin1String("description")).toString(), QStringLiteral("Monitoring"));
    QVERIFY(key.value(QLatin1String("username")).toString().startsWith(QLatin1String("apiuser-")));
    const QDateTime created =
        QDateTime::fromString(key.value(QLatin1String("created_at")).toString(), Qt::ISODate);
    const QDateTime expires =
        QDateTime::fromString(key.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
    QCOMPARE(created.secsTo(expires), qint64(30) * 86400);

    auto list = f.client().Get(("/v1/projects/" + project + "/keys").c_str(), f.admin());
    QCOMPARE(list->status, 200);
    QVERIFY(list->body.find(secret.toStdString()) == std::string::npos);
    QVERIFY(list->body.find("secret") == std::string::npos);
    const QJsonObject listed =
        ServiceFixture::json(list).value(QLatin1String("keys")).toArray().first().toObject();
    QCOMPARE(listed.value(QLatin1String("last4")).toString(), secret.right(4));
    QCOMPARE(ServiceFixture::json(list).value(QLatin1String("limit")).toInt(), 10);
}

void TestAdminApi::everyExpiryOption()
{
    START_FIXTURE(f);
    const std::string project = f.createProject();
    const QList<QJsonValue> options{7, 30, 90, 180, 365, QJsonValue()};
    for (const QJsonValue& days : options) {
        const QJsonObject key =
            f.createKey(project,
                        QStringLiteral("key %1").arg(days.isNull() ? QStringLiteral("never")
                                                                   : QString::number(days.toInt())),
                        days);
        QVERIFY(!key.isEmpty());
        if (days.isNull()) {
            QVERIFY(key.value(QLatin1String("expires_at")).isNull());
        } else {
            const QDateTime created =
                QDateTime::fromString(key.value(QLatin1String("created_at")).toString(), Qt::ISODate);
            const QDateTime expires =
                QDateTime::fromString(key.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
            QCOMPARE(created.daysTo(expires), qint64(days.toInt()));
        }
    }
}

void TestAdminApi::keyValidationErrors()
{
    START_FIXTURE(f);
    const std::string project = f.createProject();
    const std::string path = "/v1/projects/" + project + "/keys";
    struct Case
    {
        QJsonObject body;
        int status;
        const char* code;
    };
    const QList<Case> cases{
        {{{QStringLiteral("name"), QStringLiteral("1key")}}, 422, "invalid_name"},
        {{{QStringLiteral("name"), QStringLiteral("_key")}}, 422, "invalid_name"},
        {{{QStringLiteral("name"), QString(65, QLatin1Char('a'))}}, 422, "invalid_name"},
        {{{QStringLiteral("name"), QStringLiteral("")}}, 422, "invalid_name"},
        {{{QStringLiteral("name"), QStringLiteral("   ")}}, 422, "invalid_name"},
        {{}, 422, "missing_field"},
        {{{QStringLiteral("name"), 42}}, 422, "invalid_field"},
        {{{QStringLiteral("name"), QStringLiteral("ok")}, {QStringLiteral("expires_in_days"), 14}},
         422,
         "invalid_expiry"},
        {{{QStringLiteral("name"), QStringLiteral("ok")},
          {QStringLiteral("expires_in_days"), QStringLiteral("30")}},
         422,
         "invalid_expiry"},
        {{{QStringLiteral("name"), QStringLiteral("ok")}, {QStringLiteral("expires_in_days"), 7.5}},
         422,
         "invalid_expiry"},
        {{{QStringLiteral("name"), QStringLiteral("ok")},
          {QStringLiteral("description"), QString(1025, QLatin1Char('d'))}},
         422,
         "invalid_description"},
    };
    for (const Case& c : cases) {
        auto res = f.postJson(path, c.body);
        QVERIFY(res);
        QCOMPARE(res->status, c.status);
        QCOMPARE(ServiceFixture::errorCode(res), std::string(c.code));
        QVERIFY(!ServiceFixture::json(res).value(QLatin1String("message")).toString().isEmpty());
    }
    QCOMPARE(
        f.postJson("/v1/projects/prj_missing/keys", {{QStringLiteral("name"), QStringLiteral("ok")}})->status,
        404);
    auto list = f.client().Get(path.c_str(), f.admin());
    QCOMPARE(ServiceFixture::json(list).value(QLatin1String("keys")).toArray().size(), 0);
}

void TestAdminApi::nameTaken()
{
    START_FIXTURE(f);
    const std::string project = f.createProject();
    QVERIFY(!f.createKey(project, QStringLiteral("deploy")).isEmpty());
    auto again =
        f.postJson("/v1/projects/" + project + "/keys", {{QStringLiteral("name"), QStringLiteral("deploy")}});
    QCOMPARE(again->status, 409);
    QCOMPARE(ServiceFixture::errorCode(again), std::string("name_taken"));
    // The same name in another project is fine.
    const std::string other = f.createProject(QStringLiteral("Other"));
    QVERIFY(!f.createKey(other, QStringLiteral("deploy")).isEmpty());
    // NFC and NFD spellings are one name.
    QVERIFY(!f.createKey(project, QStringLiteral("Über")).isEmpty());
    auto decomposed = f.postJson("/v1/projects/" + project + "/keys",
                                 {{QStringLiteral("name"), QStringLiteral("U\u0308ber")}});
    QCOMPARE(decomposed->status, 409);
}

void TestAdminApi::keyLimit()
{
    QFETCH(QString, backend);
    ServiceConfig config;
    config.maxKeysPerProject = 3;
    ServiceFixture f(backend, config);
    QVERIFY(f.start());
    const std::string project = f.createProject();
    for (int i = 0; i < 3; ++i)
        QVERIFY(!f.createKey(project, QStringLiteral("k%1").arg(i)).isEmpty());
    auto fourth =
        f.postJson("/v1/projects/" + project + "/keys", {{QStringLiteral("name"), QStringLiteral("k3")}});
    QCOMPARE(fourth->status, 409);
    QCOMPARE(ServiceFixture::errorCode(fourth), std::string("key_limit_reached"));
    // Deleting a key frees its place.
    auto list = f.client().Get(("/v1/projects/" + project + "/keys").c_str(), f.admin());
    const std::string id = ServiceFixture::json(list)
                               .value(QLatin1String("keys"))
                               .toArray()
                               .first()
                               .toObject()
                               .value(QLatin1String("id"))
                               .toString()
                               .toStdString();
    QCOMPARE(f.client().Delete(("/v1/projects/" + project + "/keys/" + id).c_str(), f.admin())->status, 204);
    QVERIFY(!f.createKey(project, QStringLiteral("k3")).isEmpty());
}

void TestAdminApi::patchAndDelete()
{
    START_FIXTURE(f);
    const std::string project = f.createProject();
    const QJsonObject key = f.createKey(project, QStringLiteral("k"));
    const std::string path =
        "/v1/projects/" + project + "/keys/" + key.value(QLatin1String("id")).toString().toStdString();
    auto patch = [&](const QJsonObject& body) {
        return f.client().Patch(path.c_str(), f.admin(), QJsonDocument(body).toJson().toStdString(),
                                "application/json");
    };
    auto off = patch({{QStringLiteral("status"), QStringLiteral("inactive")}});
    QCOMPARE(off->status, 200);
    QCOMPARE(ServiceFixture::json(off).value(QLatin1String("status")).toString(), QStringLiteral("inactive"));
    auto described = patch({{QStringLiteral("description"), QStringLiteral("rotated 2026-11")}});
    QCOMPARE(ServiceFixture::json(described).value(QLatin1String("description")).toString(),
             QStringLiteral("rotated 2026-11"));
    QCOMPARE(ServiceFixture::json(described).value(QLatin1String("status")).toString(),
             QStringLiteral("inactive"));
    QCOMPARE(patch({{QStringLiteral("status"), QStringLiteral("active")}})->status, 200);
    QCOMPARE(ServiceFixture::errorCode(patch({{QStringLiteral("status"), QStringLiteral("expired")}})),
             std::string("invalid_status"));
    QCOMPARE(ServiceFixture::errorCode(patch({{QStringLiteral("status"), QStringLiteral("on")}})),
             std::string("invalid_status"));
    QCOMPARE(ServiceFixture::errorCode(patch({})), std::string("missing_field"));
    QCOMPARE(f.client()
                 .Patch(("/v1/projects/" + project + "/keys/nope").c_str(), f.admin(),
                        "{\"status\":\"active\"}", "application/json")
                 ->status,
             404);
    QCOMPARE(f.client().Delete(path.c_str(), f.admin())->status, 204);
    QCOMPARE(f.client().Delete(path.c_str(), f.admin())->status, 404);
}

void TestAdminApi::sqlLookingNamesAreStoredVerbatim()
{
    START_FIXTURE(f);
    const std::string project = f.createProject(QStringLiteral("Robert.Tables"));
    const QString description = QStringLiteral("'); DROP TABLE api_keys; -- \" OR 1=1");
    auto res = f.postJson("/v1/projects/" + project + "/keys",
                          {{QStringLiteral("name"), QStringLiteral("x OR 1-1 -- drop")},
                           {QStringLiteral("description"), description}});
    QCOMPARE(res->status, 201);
    auto list = f.client().Get(("/v1/projects/" + project + "/keys").c_str(), f.admin());
    const QJsonObject key =
        ServiceFixture::json(list).value(QLatin1String("keys")).toArray().first().toObject();
    QCOMPARE(key.value(QLatin1String("name")).toString(), QStringLiteral("x OR 1-1 -- drop"));
    QCOMPARE(key.value(QLatin1String("description")).toString(), description);
    QCOMPARE(f.client().Get("/v1/projects", f.admin())->status, 200);
}

void TestAdminApi::malformedRequests()
{
    START_FIXTURE(f);
    auto notJson = f.client().Post("/v1/projects", f.admin(), "{name: broken", "application/json");
    QCOMPARE(notJson->status, 400);
    QCOMPARE(ServiceFixture::errorCode(notJson), std::string("invalid_json"));
    auto array = f.client().Post("/v1/projects", f.admin(), "[1,2]", "application/json");
    QCOMPARE(array->status, 400);
    auto form = f.client().Post("/v1/projects", f.admin(), "name=x", "application/x-www-form-urlencoded");
    QCOMPARE(form->status, 415);
    QCOMPARE(ServiceFixture::errorCode(form), std::string("unsupported_media_type"));
    auto blank = f.client().Post("/v1/projects", f.admin(), "{\"name\": null}", "application/json");
    QCOMPARE(blank->status, 422);
    auto big = f.client().Post("/v1/projects", f.admin(), std::string(70 * 1024, 'x'), "application/json");
    QCOMPARE(big->status, 413);
    QCOMPARE(ServiceFixture::errorCode(big), std::string("payload_too_large"));
}

void TestAdminApi::unknownRoutesAndMethods()
{
    START_FIXTURE(f);
    auto missing = f.client().Get("/v2/everything", f.admin());
    QCOMPARE(missing->status, 404);
    QCOMPARE(ServiceFixture::errorCode(missing), std::string("not_found"));
    QCOMPARE(missing->get_header_value("Content-Type"), std::string("application/json"));
    auto wrong = f.client().Delete("/v1/projects", f.admin());
    QCOMPARE(wrong->status, 405);
    QCOMPARE(ServiceFixture::errorCode(wrong), std::string("method_not_allowed"));
    QVERIFY(wrong->get_header_value("Allow").find("GET") != std::string::npos);
    QCOMPARE(f.client().Get("/oauth/token")->status, 405);
    QCOMPARE(f.client().Post("/livez", "", "application/json")->status, 405);
}

void TestAdminApi::restartKeepsAllData()
{
    QFETCH(QString, backend);
    QTemporaryDir dir;
    ServiceConfig config;
    if (backend == QLatin1String("sqlite"))
        config.database = dir.filePath(QStringLiteral("keep.sqlite"));
    std::string project;
    QString secret;
    {
        ServiceFixture f(backend, config);
        QVERIFY(f.start());
        project = f.createProject();
        secret = f.createKey(project, QStringLiteral("survivor")).value(QLatin1String("secret")).toString();
        QVERIFY(!secret.isEmpty());
        config.database = f.config().database;
    }
    // Same database, new process state: keys, secrets' hashes and the signing key all survive.
    ServiceConfig again = config;
    KeyDeskServer server(again, HttpServerConfig{});
    QVERIFY(server.open().ok());
    auto keys = server.keys().listKeys(QString::fromStdString(project));
    QVERIFY(keys.ok());
    QCOMPARE(keys.value().size(), 1);
    QCOMPARE(keys.value().first().name, QStringLiteral("survivor"));
    QVERIFY(server.tokens().authenticateApiKey(SecretBytes::fromUtf8(secret)).ok());
}

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_adminapi.moc"

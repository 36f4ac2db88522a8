#include "ManualClock.h"
#include "ServiceFixture.h"

#include <QJsonArray>
#include <QTest>

// The audit trail: every change with who, when, from where and what; key use and failed authentications
// counted per key, address and hour; read-only and paged over the API; pruned after the retention period.
// On SQLite and PostgreSQL.
class TestAuditTrail : public QObject
{
    Q_OBJECT

private slots:
    void everyChangeIsRecorded_data() { ServiceFixture::addDatabaseRows(); }
    void everyChangeIsRecorded();
    void keyUseIsCountedPerAddressAndHour_data() { ServiceFixture::addDatabaseRows(); }
    void keyUseIsCountedPerAddressAndHour();
    void failedAuthenticationsOfARealKeyAreCounted_data() { ServiceFixture::addDatabaseRows(); }
    void failedAuthenticationsOfARealKeyAreCounted();
    void pagingAndFilters_data() { ServiceFixture::addDatabaseRows(); }
    void pagingAndFilters();
    void countsReachTheDatabaseWithoutFurtherUse();
    void eventsCannotBeChangedThroughTheApi();
    void oldEventsArePruned();
};

namespace {

QJsonArray events(const ServiceFixture& f, const std::string& path)
{
    auto res = f.client().Get(path.c_str(), f.admin());
    if (!res || res->status != 200) {
        qWarning("GET %s: %d %s", path.c_str(), res ? res->status : -1, res ? res->body.c_str() : "");
        return {};
    }
    return ServiceFixture::json(res).value(QLatin1String("events")).toArray();
}

QStringList actions(const QJsonArray& list)
{
    QStringList out;
    for (const QJsonValue& e : list)
        out << e.toObject().value(QLatin1String("action")).toString();
    return out;
}

QJsonObject firstWithAction(const QJsonArray& list, const QString& action)
{
    for (const QJsonValue& e : list) {
        if (e.toObject().value(QLatin1String("action")).toString() == action)
            return e.toObject();
    }
    return {};
}

std::string bearer(const SecretBytes& token)
{
    return "Bearer " + token.toByteArray().toStdString();
}

} // namespace

void TestAuditTrail::everyChangeIsRecorded()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    auto added = f.server().people().add(QStringLiteral("alex"), Role::Admin, Actor::commandLine());
    QVERIFY(added.ok());
    const httplib::Headers alex{{"Authorization", bearer(added.value().token)}};
    httplib::Client c = f.client();

    const std::string project = f.createProject(QStringLiteral("Payments"));
    const std::string base = "/v1/projects/" + project;
    QCOMPARE(c.Patch(base.c_str(), alex, R"({"name":"Payments EU"})", "application/json")->status, 200);
    auto created =
        c.Post((base + "/keys").c_str(), alex, R"({"name":"ci","expires_in_days":30})", "application/json");
    QCOMPARE(created->status, 201);
    const QJsonObject key = ServiceFixture::json(created);
    QCOMPARE(key.value(QLatin1String("created_by")).toString(), QStringLiteral("alex"));
    const std::string keyPath = base + "/keys/" + key.value(QLatin1String("id")).toString().toStdString();
    const QString keyId = key.value(QLatin1String("key_id")).toString();
    QCOMPARE(c.Patch(keyPath.c_str(), alex, R"({"status":"inactive"})", "application/json")->status, 200);
    QCOMPARE(c.Patch(keyPath.c_str(), alex, R"({"status":"active"})", "application/json")->status, 200);
    QCOMPARE(c.Patch(keyPath.c_str(), alex, R"({"description":"deploys"})", "application/json")->status, 200);
    // A rotation: the successor names the key it replaces.
    const std::string rotateBody =
        R"({"name":"ci 2","replaces":")" + key.value(QLatin1String("id")).toString().toStdString() + "\"}";
    auto successor = c.Post((base + "/keys").c_str(), alex, rotateBody, "application/json");
    QCOMPARE(successor->status, 201);
    const QString successorId = ServiceFixture::json(successor).value(QLatin1String("key_id")).toString();
    QCOMPARE(c.Delete(keyPath.c_str(), alex)->status, 204);
    QCOMPARE(f.postJson("/v1/users", {{QStringLiteral("name"), QStringLiteral("robin")},
                                      {QStringLiteral("role"), QStringLiteral("viewer")}})
                 ->status,
             201);
    QCOMPARE(c.Patch("/v1/users/robin", f.admin(), R"({"role":"support"})", "application/json")->status, 200);
    QCOMPARE(c.Delete("/v1/users/robin", f.admin())->status, 204);
    QVERIFY(f.server().keys().signingKeys().rotate(Actor::commandLine()).ok());
    QCOMPARE(c.Delete(base.c_str(), alex)->status, 204);

    const QJsonArray all = events(f, "/v1/events");
    QCOMPARE(actions(all), (QStringList{QStringLiteral("project.deleted"), QStringLiteral("key.deleted"),
                                        QStringLiteral("signing_key.rotated"), QStringLiteral("user.removed"),
                                        QStringLiteral("user.role_changed"), QStringLiteral("user.added"),
                                        QStringLiteral("key.deleted"), QStringLiteral("key.rotated"),
                                        QStringLiteral("key.created"), QStringLiteral("key.described"),
                                        QStringLiteral("key.activated"), QStringLiteral("key.deactivated"),
                                        QStringLiteral("key.created"), QStringLiteral("project.renamed"),
                                        QStringLiteral("project.created"), QStringLiteral("user.added"),
                                        QStringLiteral("user.added")}));
    // Who, in which role, from where, and what.
    const QJsonObject deactivated = firstWithAction(all, QStringLiteral("key.deactivated"));
    QCOMPARE(deactivated.value(QLatin1String("actor")).toString(), QStringLiteral("alex"));
    QCOMPARE(deactivated.value(QLatin1String("role")).toString(), QStringLiteral("admin"));
    QCOMPARE(deactivated.value(QLatin1String("source")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(deactivated.value(QLatin1String("key_id")).toString(), keyId);
    QCOMPARE(deactivated.value(QLatin1String("project_id")).toString(), QString::fromStdString(project));
    QVERIFY(QDateTime::fromString(deactivated.value(QLatin1String("at")).toString(), Qt::ISODate).isValid());
    const QJsonObject rotated = firstWithAction(all, QStringLiteral("key.rotated"));
    QCOMPARE(rotated.value(QLatin1String("key_id")).toString(), keyId);
    QCOMPARE(rotated.value(QLatin1String("detail")).toObject().value(QLatin1String("successor")).toString(),
             successorId);
    const QJsonObject renamed = firstWithAction(all, QStringLiteral("project.renamed"));
    QCOMPARE(renamed.value(QLatin1String("detail")).toObject().value(QLatin1String("from")).toString(),
             QStringLiteral("Payments"));
    const QJsonObject roleChanged = firstWithAction(all, QStringLiteral("user.role_changed"));
    QCOMPARE(roleChanged.value(QLatin1String("actor")).toString(), QStringLiteral("admin"));
    QCOMPARE(roleChanged.value(QLatin1String("detail")).toObject().value(QLatin1String("to")).toString(),
             QStringLiteral("support"));
    const QJsonObject signing = firstWithAction(all, QStringLiteral("signing_key.rotated"));
    QCOMPARE(signing.value(QLatin1String("source")).toString(), QStringLiteral("command line"));
    // The deleted project's last event names how many keys went with it.
    QCOMPARE(
        all.first().toObject().value(QLatin1String("detail")).toObject().value(QLatin1String("keys")).toInt(),
        1);
}

void TestAuditTrail::keyUseIsCountedPerAddressAndHour()
{
    QFETCH(QString, backend);
    ManualClock clock(QDateTime::currentDateTimeUtc());
    ServiceFixture f(backend, {}, clock);
    QVERIFY(f.start());
    const std::string project = f.createProject();
    const QJsonObject key = f.createKey(project, QStringLiteral("busy"));
    const std::string secret = key.value(QLatin1String("secret")).toString().toStdString();
    const std::string keyId = key.value(QLatin1String("key_id")).toString().toStdString();
    httplib::Client c = f.client();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(c.Get("/health", {{"X-API-Key", secret}})->status, 204);
    for (int i = 0; i < 3; ++i) {
        auto token = c.Post("/oauth/token",
                            "grant_type=client_credentials&client_id=" + keyId + "&client_secret=" + secret,
                            "application/x-www-form-urlencoded");
        QCOMPARE(token->status, 200);
    }
    const std::string path = "/v1/projects/" + project + "/events?key_id=" + keyId;
    QJsonArray list = events(f, path);
    QCOMPARE(actions(list), (QStringList{QStringLiteral("key.used"), QStringLiteral("key.created")}));
    const QJsonObject used = list.first().toObject();
    QCOMPARE(used.value(QLatin1String("detail")).toObject().value(QLatin1String("count")).toInt(), 8);
    QCOMPARE(used.value(QLatin1String("source")).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(used.value(QLatin1String("actor")).toString(), key.value(QLatin1String("username")).toString());
    // The next hour starts a new count.
    clock.advanceSeconds(3600);
    QCOMPARE(c.Get("/health", {{"X-API-Key", secret}})->status, 204);
    list = events(f, path);
    QCOMPARE(actions(list), (QStringList{QStringLiteral("key.used"), QStringLiteral("key.used"),
                                         QStringLiteral("key.created")}));
    QCOMPARE(list.first()
                 .toObject()
                 .value(QLatin1String("detail"))
                 .toObject()
                 .value(QLatin1String("count"))
                 .toInt(),
             1);
}

void TestAuditTrail::failedAuthenticationsOfARealKeyAreCounted()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    const std::string project = f.createProject();
    const QJsonObject key = f.createKey(project, QStringLiteral("target"));
    const std::string keyId = key.value(QLatin1String("key_id")).toString().toStdString();
    httplib::Client c = f.client();
    for (int i = 0; i < 4; ++i) {
        auto res = c.Post("/oauth/token",
                          "grant_type=client_credentials&client_id=" + keyId + "&client_secret=guess" +
                              std::to_string(i),
                          "application/x-www-form-urlencoded");
        QCOMPARE(res->status, 401);
    }
    // Guesses at ids that do not exist are not anybody's history (and cannot grow the trail).
    QCOMPARE(c.Post("/oauth/token", "grant_type=client_credentials&client_id=kd_nothing&client_secret=x",
                    "application/x-www-form-urlencoded")
                 ->status,
             401);
    const QJsonArray list = events(f, "/v1/events");
    const QJsonObject failed = firstWithAction(list, QStringLiteral("key.auth_failed"));
    QCOMPARE(failed.value(QLatin1String("key_id")).toString().toStdString(), keyId);
    QCOMPARE(failed.value(QLatin1String("detail")).toObject().value(QLatin1String("count")).toInt(), 4);
    QCOMPARE(actions(list).count(QStringLiteral("key.auth_failed")), 1);
}

void TestAuditTrail::pagingAndFilters()
{
    QFETCH(QString, backend);
    ServiceFixture f(backend);
    QVERIFY(f.start());
    const std::string project = f.createProject(QStringLiteral("Paged"));
    const std::string other = f.createProject(QStringLiteral("Other"));
    for (int i = 0; i < 5; ++i)
        QVERIFY(!f.createKey(project, QStringLiteral("k%1").arg(i)).isEmpty());
    QVERIFY(!f.createKey(other, QStringLiteral("elsewhere")).isEmpty());
    const std::string base = "/v1/projects/" + project + "/events";

    QStringList seen;
    std::string next = base + "?limit=2";
    for (int page = 0; page < 10 && !next.empty(); ++page) {
        auto res = f.client().Get(next.c_str(), f.admin());
        QCOMPARE(res->status, 200);
        const QJsonObject body = ServiceFixture::json(res);
        for (const QJsonValue& e : body.value(QLatin1String("events")).toArray())
            seen << e.toObject()
                        .value(QLatin1String("detail"))
                        .toObject()
                        .value(QLatin1String("name"))
                        .toString();
        next = body.contains(QLatin1String("next_before"))
                   ? base + "?limit=2&before=" +
                         std::to_string(body.value(QLatin1String("next_before")).toInteger())
                   : std::string();
    }
    // Newest first, each once, nothing of the other project.
    QCOMPARE(seen, (QStringList{QStringLiteral("k4"), QStringLiteral("k3"), QStringLiteral("k2"),
                                QStringLiteral("k1"), QStringLiteral("k0"), QStringLiteral("Paged")}));
    const QString future = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate);
    QCOMPARE(events(f, base + "?since=" + future.toStdString()).size(), 0);
    for (const char* bad : {"?limit=0", "?limit=1001", "?limit=x", "?since=yesterday", "?before=-1"})
        QCOMPARE(f.client().Get((base + bad).c_str(), f.admin())->status, 400);
    QCOMPARE(f.client().Get("/v1/projects/prj_none/events", f.admin())->status, 404);
}

void TestAuditTrail::countsReachTheDatabaseWithoutFurtherUse()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string project = f.createProject();
    const std::string secret =
        f.createKey(project, QStringLiteral("once")).value(QLatin1String("secret")).toString().toStdString();
    for (int i = 0; i < 3; ++i) // the first is written at once, the others wait for the background writer
        QCOMPARE(f.client().Get("/health", {{"X-API-Key", secret}})->status, 204);
    // Another instance on the same database (its own list() writes only its own counts) sees all three
    // within a few seconds, though the key is not used again.
    KeyDeskServer other(f.config(), HttpServerConfig{});
    QVERIFY(other.open().ok());
    const auto usedCount = [&other]() -> qint64 {
        auto events = other.audit().list({});
        if (!events)
            return -1;
        for (const AuditEvent& e : events.value()) {
            if (e.action == QLatin1String("key.used"))
                return e.count;
        }
        return 0;
    };
    QCOMPARE(usedCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(usedCount(), 3, 10000);
}

void TestAuditTrail::eventsCannotBeChangedThroughTheApi()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string project = f.createProject();
    const std::string path = "/v1/projects/" + project + "/events";
    httplib::Client c = f.client();
    for (const std::string& target : {std::string("/v1/events"), path}) {
        QCOMPARE(c.Delete(target.c_str(), f.admin())->status, 405);
        QCOMPARE(c.Post(target.c_str(), f.admin(), "{}", "application/json")->status, 405);
        QCOMPARE(c.Patch(target.c_str(), f.admin(), "{}", "application/json")->status, 405);
        QCOMPARE(c.Put(target.c_str(), f.admin(), "{}", "application/json")->status, 405);
    }
    QCOMPARE(events(f, path).size(), 1);
}

void TestAuditTrail::oldEventsArePruned()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    ServiceConfig config;
    config.eventRetentionDays = 30;
    ServiceFixture f(QStringLiteral("sqlite"), config, clock);
    QVERIFY(f.start());
    f.createProject(QStringLiteral("Old"));
    clock.advanceSeconds(29 * 86400);
    f.createProject(QStringLiteral("Recent"));
    clock.advanceSeconds(2 * 86400);
    auto pruned = f.server().audit().prune();
    QVERIFY(pruned.ok());
    QCOMPARE(pruned.value(), 2); // the first owner's creation and project "Old"
    QCOMPARE(actions(events(f, "/v1/events")), QStringList{QStringLiteral("project.created")});
}

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "tst_audittrail.moc"

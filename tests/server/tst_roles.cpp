#include "ServiceFixture.h"

#include <QJsonArray>
#include <QTest>

namespace {

int statusOf(const ServiceFixture& f, const std::string& token, const char* path)
{
    auto res = f.client().Get(path, {{"Authorization", "Bearer " + token}});
    return res ? res->status : -1;
}

} // namespace

// Every admin API call × every role: allowed from its role up (with the call's success status), refused
// below it with 403 `forbidden` naming the role needed, and nothing changed by a refused call.
class TestRoles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyCallChecksTheRole_data();
    void everyCallChecksTheRole();
    void removedPersonIsRefusedAtOnce();
    void reRoledPersonGetsTheNewRoleAtOnce();
    void theLastOwnerStays();
    void peopleApiHandsOutTokensOnce();
    void oldAdminTokenIsTheFirstOwner();

private:
    struct Call
    {
        const char* method;
        const char* path; // {pid}, {id} and {person} are filled in per row
        const char* body;
        Role required;
        int success;
    };
    httplib::Result send(const std::string& method, const std::string& path, const std::string& token,
                         const std::string& body = {});
    std::string tokenOf(Role role) const { return m_tokens.at(int(role)); }

    std::unique_ptr<ServiceFixture> m_fixture;
    std::vector<std::string> m_tokens; // by Role
    int m_serial = 0;
};

httplib::Result TestRoles::send(const std::string& method, const std::string& path, const std::string& token,
                                const std::string& body)
{
    httplib::Client client = m_fixture->client();
    const httplib::Headers headers{{"Authorization", "Bearer " + token}};
    if (method == "GET")
        return client.Get(path.c_str(), headers);
    if (method == "POST")
        return client.Post(path.c_str(), headers, body, "application/json");
    if (method == "PATCH")
        return client.Patch(path.c_str(), headers, body, "application/json");
    return client.Delete(path.c_str(), headers);
}

void TestRoles::initTestCase()
{
    m_fixture = std::make_unique<ServiceFixture>();
    QVERIFY(m_fixture->start());
    for (Role role : {Role::Viewer, Role::Support, Role::Admin, Role::Owner}) {
        auto added = m_fixture->server().people().add(QStringLiteral("person-") + roleToString(role), role,
                                                      Actor::commandLine());
        QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().toString()));
        m_tokens.push_back(added.value().token.toByteArray().toStdString());
    }
}

void TestRoles::everyCallChecksTheRole_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("required");
    QTest::addColumn<int>("success");
    QTest::addColumn<int>("role");
    const Call calls[] = {
        {"GET", "/v1/me", "", Role::Viewer, 200},
        {"GET", "/v1/projects", "", Role::Viewer, 200},
        {"POST", "/v1/projects", R"({"name":"New {serial}"})", Role::Admin, 201},
        {"PATCH", "/v1/projects/{pid}", R"({"name":"Renamed {serial}"})", Role::Admin, 200},
        {"DELETE", "/v1/projects/{pid}", "", Role::Admin, 204},
        {"GET", "/v1/projects/{pid}/keys", "", Role::Viewer, 200},
        {"POST", "/v1/projects/{pid}/keys", R"({"name":"k{serial}"})", Role::Admin, 201},
        {"PATCH", "/v1/projects/{pid}/keys/{id}", R"({"status":"inactive"})", Role::Support, 200},
        {"PATCH", "/v1/projects/{pid}/keys/{id}", R"({"status":"active"})", Role::Support, 200},
        {"PATCH", "/v1/projects/{pid}/keys/{id}", R"({"description":"edited"})", Role::Admin, 200},
        {"PATCH", "/v1/projects/{pid}/keys/{id}", R"({"status":"inactive","description":"x"})", Role::Admin,
         200},
        {"DELETE", "/v1/projects/{pid}/keys/{id}", "", Role::Admin, 204},
        {"GET", "/v1/projects/{pid}/events", "", Role::Viewer, 200},
        {"GET", "/v1/events", "", Role::Owner, 200},
        {"GET", "/v1/users", "", Role::Owner, 200},
        {"POST", "/v1/users", R"({"name":"new{serial}","role":"viewer"})", Role::Owner, 201},
        {"PATCH", "/v1/users/{person}", R"({"role":"support"})", Role::Owner, 200},
        {"DELETE", "/v1/users/{person}", "", Role::Owner, 204},
    };
    for (const Call& call : calls) {
        for (Role role : {Role::Viewer, Role::Support, Role::Admin, Role::Owner}) {
            const QString name = QStringLiteral("%1 %2 %3 as %4")
                                     .arg(QLatin1String(call.method), QLatin1String(call.path),
                                          QLatin1String(call.body), roleToString(role));
            QTest::newRow(qPrintable(name))
                << QString::fromLatin1(call.method) << QString::fromLatin1(call.path)
                << QString::fromLatin1(call.body) << int(call.required) << call.success << int(role);
        }
    }
}

void TestRoles::everyCallChecksTheRole()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, body);
    QFETCH(int, required);
    QFETCH(int, success);
    QFETCH(int, role);
    ServiceFixture& f = *m_fixture;
    // Fresh things to act on, made by the operator's owner token.
    const QString serial = QString::number(++m_serial);
    const std::string project = f.createProject(QStringLiteral("Roles ") + serial);
    QVERIFY(!project.empty());
    const QJsonObject key = f.createKey(project, QStringLiteral("key ") + serial);
    QVERIFY(!key.isEmpty());
    const QString person = QStringLiteral("victim") + serial;
    QVERIFY(f.server().people().add(person, Role::Viewer, Actor::commandLine()).ok());
    path.replace(QLatin1String("{pid}"), QString::fromStdString(project))
        .replace(QLatin1String("{id}"), key.value(QLatin1String("id")).toString())
        .replace(QLatin1String("{person}"), person);
    body.replace(QLatin1String("{serial}"), serial);
    auto eventsBefore = f.server().audit().list({});
    QVERIFY(eventsBefore.ok());

    auto res = send(method.toStdString(), path.toStdString(), tokenOf(Role(role)), body.toStdString());
    QVERIFY(res);
    if (role >= required) {
        QVERIFY2(res->status == success, res->body.c_str());
        return;
    }
    QVERIFY2(res->status == 403, res->body.c_str());
    const QJsonObject error = ServiceFixture::json(res);
    QCOMPARE(error.value(QLatin1String("error")).toString(), QStringLiteral("forbidden"));
    QCOMPARE(error.value(QLatin1String("required_role")).toString(), roleToString(Role(required)));
    QCOMPARE(error.value(QLatin1String("role")).toString(), roleToString(Role(role)));
    QVERIFY(error.value(QLatin1String("message")).toString().contains(roleDisplayName(Role(required))));
    // A refused call changed nothing: the trail has not moved.
    auto eventsAfter = f.server().audit().list({});
    QVERIFY(eventsAfter.ok());
    QCOMPARE(eventsAfter.value().first().seq, eventsBefore.value().first().seq);
}

void TestRoles::removedPersonIsRefusedAtOnce()
{
    ServiceFixture f;
    QVERIFY(f.start());
    auto added = f.server().people().add(QStringLiteral("leaver"), Role::Admin, Actor::commandLine());
    QVERIFY(added.ok());
    const std::string token = added.value().token.toByteArray().toStdString();
    QCOMPARE(statusOf(f, token, "/v1/projects"), 200);
    auto removed = f.client().Delete("/v1/users/leaver", f.admin());
    QVERIFY(removed);
    QCOMPARE(removed->status, 204);
    QCOMPARE(statusOf(f, token, "/v1/projects"), 401);
    QCOMPARE(f.client().Delete("/v1/users/leaver", f.admin())->status, 404);
}

void TestRoles::reRoledPersonGetsTheNewRoleAtOnce()
{
    ServiceFixture f;
    QVERIFY(f.start());
    auto added = f.server().people().add(QStringLiteral("sam"), Role::Admin, Actor::commandLine());
    QVERIFY(added.ok());
    const std::string token = added.value().token.toByteArray().toStdString();
    const httplib::Headers sam{{"Authorization", "Bearer " + token}};
    QCOMPARE(f.client().Post("/v1/projects", sam, R"({"name":"Mine"})", "application/json")->status, 201);
    auto changed = f.client().Patch("/v1/users/sam", f.admin(), R"({"role":"viewer"})", "application/json");
    QVERIFY(changed);
    QCOMPARE(changed->status, 200);
    QCOMPARE(ServiceFixture::json(changed).value(QLatin1String("role")).toString(), QStringLiteral("viewer"));
    QCOMPARE(f.client().Post("/v1/projects", sam, R"({"name":"More"})", "application/json")->status, 403);
    auto me = f.client().Get("/v1/me", sam);
    QCOMPARE(ServiceFixture::json(me).value(QLatin1String("role")).toString(), QStringLiteral("viewer"));
    QCOMPARE(ServiceFixture::json(me).value(QLatin1String("name")).toString(), QStringLiteral("sam"));
    QCOMPARE(f.client().Patch("/v1/users/sam", f.admin(), R"({"role":"god"})", "application/json")->status,
             422);
}

void TestRoles::theLastOwnerStays()
{
    ServiceFixture f;
    QVERIFY(f.start());
    // "admin" (the operator's token) is the only owner: it can neither leave nor step down.
    auto demote = f.client().Patch("/v1/users/admin", f.admin(), R"({"role":"admin"})", "application/json");
    QCOMPARE(demote->status, 409);
    QCOMPARE(ServiceFixture::errorCode(demote), std::string("last_owner"));
    QCOMPARE(f.client().Delete("/v1/users/admin", f.admin())->status, 409);
    // With a second owner it can.
    QVERIFY(f.server().people().add(QStringLiteral("second"), Role::Owner, Actor::commandLine()).ok());
    QCOMPARE(
        f.client().Patch("/v1/users/admin", f.admin(), R"({"role":"admin"})", "application/json")->status,
        200);
    QCOMPARE(f.client().Delete("/v1/users/second", f.admin())->status, 403); // admin now, not owner
    // The operator's way back in: rotate-admin-token makes "admin" an owner again.
    auto rotated = f.server().people().rotateAdminToken();
    QVERIFY(rotated.ok());
    const httplib::Headers admin{{"Authorization", "Bearer " + rotated.value().toByteArray().toStdString()}};
    QCOMPARE(f.client().Get("/v1/users", admin)->status, 200);
    QCOMPARE(f.client().Get("/v1/users", f.admin())->status, 401); // the old token went
}

void TestRoles::peopleApiHandsOutTokensOnce()
{
    ServiceFixture f;
    QVERIFY(f.start());
    auto res = f.postJson("/v1/users", {{QStringLiteral("name"), QStringLiteral("alex@example.com")},
                                        {QStringLiteral("role"), QStringLiteral("support")}});
    QVERIFY(res);
    QCOMPARE(res->status, 201);
    QCOMPARE(res->get_header_value("Cache-Control"), std::string("no-store"));
    const QJsonObject created = ServiceFixture::json(res);
    const std::string token = created.value(QLatin1String("token")).toString().toStdString();
    QVERIFY(QByteArray::fromStdString(token).startsWith("kda_"));
    QCOMPARE(created.value(QLatin1String("created_by")).toString(), QStringLiteral("admin"));
    // The token works, and is never listed again.
    QCOMPARE(statusOf(f, token, "/v1/me"), 200);
    auto list = f.client().Get("/v1/users", f.admin());
    QVERIFY(list);
    QVERIFY(list->body.find(token) == std::string::npos);
    QVERIFY(list->body.find("token") == std::string::npos);
    const QJsonArray users = ServiceFixture::json(list).value(QLatin1String("users")).toArray();
    QCOMPARE(users.size(), 2);
    // Names that could not be a login or an address are refused; so is a second person of the same name.
    for (const char* bad : {"", "1abc", "a b", "a/b", "x\u00e9"})
        QCOMPARE(f.postJson("/v1/users", {{QStringLiteral("name"), QString::fromUtf8(bad)},
                                          {QStringLiteral("role"), QStringLiteral("viewer")}})
                     ->status,
                 422);
    QCOMPARE(f.postJson("/v1/users", {{QStringLiteral("name"), QStringLiteral("alex@example.com")},
                                      {QStringLiteral("role"), QStringLiteral("viewer")}})
                 ->status,
             409);
}

void TestRoles::oldAdminTokenIsTheFirstOwner()
{
    ServiceFixture f;
    QVERIFY(f.start());
    auto me = f.client().Get("/v1/me", f.admin());
    QVERIFY(me);
    QCOMPARE(me->status, 200);
    QCOMPARE(ServiceFixture::json(me).value(QLatin1String("name")).toString(), QStringLiteral("admin"));
    QCOMPARE(ServiceFixture::json(me).value(QLatin1String("role")).toString(), QStringLiteral("owner"));
    // Embedded sessions act as owners under the name they were given.
    auto session = f.server().people().addSessionToken(QStringLiteral("dana"));
    QVERIFY(session.ok());
    auto sessionMe = f.client().Get(
        "/v1/me", {{"Authorization", "Bearer " + session.value().token.toByteArray().toStdString()}});
    QCOMPARE(ServiceFixture::json(sessionMe).value(QLatin1String("name")).toString(), QStringLiteral("dana"));
    QCOMPARE(ServiceFixture::json(sessionMe).value(QLatin1String("role")).toString(),
             QStringLiteral("owner"));
    QCOMPARE(f.client().Get("/v1/me")->status, 401);
}

QTEST_GUILESS_MAIN(TestRoles)
#include "tst_roles.moc"

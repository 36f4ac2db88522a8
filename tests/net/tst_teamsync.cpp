#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "LocalInventory.h"
#include "storage/InventoryTeam.h"

#include <QTest>

// The app's mirror of a team service: every project and its keys, who it is signed in as with which role,
// project names in the inventory, and a key's history kept for offline reading.
class TestTeamSync : public QObject
{
    Q_OBJECT

private slots:
    void mirrorsEveryProjectAndTheRole();
    void aViewerOnAnEmptyServiceCreatesNothing();
    void historyIsKeptForOfflineReading();
    void projectCalls();
    void overlappingRefreshesAnswerOnceTheNewestIsWritten();

private:
    QTemporaryDir m_dir;
};

void TestTeamSync::mirrorsEveryProjectAndTheRole()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string payments = f.createProject(QStringLiteral("Payments"));
    const std::string search = f.createProject(QStringLiteral("Search"));
    QVERIFY(!f.createKey(payments, QStringLiteral("billing")).isEmpty());
    QVERIFY(!f.createKey(payments, QStringLiteral("refunds")).isEmpty());
    QVERIFY(!f.createKey(search, QStringLiteral("indexer")).isEmpty());
    auto viewer = f.server().people().add(QStringLiteral("rey"), Role::Viewer, Actor::commandLine());
    QVERIFY(viewer.ok());

    QTemporaryDir dir;
    LocalInventory local(f, dir);
    QVERIFY(local.ready());
    local.signInAs(f.server().baseUrl(), viewer.value().token);
    KD_VERIFY_OK(awaitResult<void>([&](auto done) { local.sync->refresh(done); }));

    QCOMPARE(local.sync->identity().name, QStringLiteral("rey"));
    QCOMPARE(local.sync->identity().role, Role::Viewer);
    QVERIFY(!local.sync->allows(Permission::ChangeKeyStatus));
    QCOMPARE(local.sync->projects().size(), 2);
    auto all = local.store.credentials();
    KD_VERIFY_OK(all);
    QCOMPARE(all.value().size(), 3);
    InventoryQuery onlySearch;
    onlySearch.connectionId = local.connectionId;
    onlySearch.projectId = QString::fromStdString(search);
    auto indexer = local.store.credentials(onlySearch);
    KD_VERIFY_OK(indexer);
    QCOMPARE(indexer.value().size(), 1);
    QCOMPARE(indexer.value().first().projectName, QStringLiteral("Search"));
    QCOMPARE(indexer.value().first().createdBy, QStringLiteral("admin"));
    // Offline, the inventory still knows the projects and the role.
    auto projects = InventoryTeam(local.store).projects(local.connectionId);
    KD_VERIFY_OK(projects);
    QCOMPARE(projects.value().size(), 2);
    QCOMPARE(projects.value().first().name, QStringLiteral("Payments"));
    QCOMPARE(projects.value().first().keyCount, 2);
    const Connection connection = local.store.connection(local.connectionId).value();
    QCOMPARE(connection.signedInAs, QStringLiteral("rey"));
    QCOMPARE(connection.role, std::optional<Role>(Role::Viewer));

    // A key gone from the service, and a project deleted, leave the mirror on the next sync.
    QCOMPARE(f.client().Delete(("/v1/projects/" + search).c_str(), f.admin())->status, 204);
    KD_VERIFY_OK(awaitResult<void>([&](auto done) { local.sync->refresh(done); }));
    QCOMPARE(local.store.credentials().value().size(), 2);
    QCOMPARE(InventoryTeam(local.store).projects(local.connectionId).value().size(), 1);
}

void TestTeamSync::aViewerOnAnEmptyServiceCreatesNothing()
{
    ServiceFixture f;
    QVERIFY(f.start());
    QTemporaryDir dir;
    LocalInventory local(f, dir);
    QVERIFY(local.signInAsNewPerson(f, QStringLiteral("rey"), Role::Viewer));
    KD_VERIFY_OK(awaitResult<void>([&](auto done) { local.sync->refresh(done); }));
    QVERIFY(local.sync->projects().isEmpty());
    QVERIFY(local.sync->projectId().isEmpty());
    // An owner (the app's own service) gets the "Default" project made for it.
    LocalInventory owner(f, m_dir);
    KD_VERIFY_OK(awaitResult<void>([&](auto done) { owner.sync->refresh(done); }));
    QCOMPARE(owner.sync->projects().size(), 1);
    QCOMPARE(owner.sync->projects().first().name, ServiceSession::defaultProjectName());
}

void TestTeamSync::historyIsKeptForOfflineReading()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string project = f.createProject(QStringLiteral("Ops"));
    const QJsonObject key = f.createKey(project, QStringLiteral("pager"));
    const std::string secret = key.value(QLatin1String("secret")).toString().toStdString();
    const QString keyId = key.value(QLatin1String("key_id")).toString();
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", secret}})->status, 204);
    QTemporaryDir dir;
    LocalInventory local(f, dir);
    ServiceClient::EventQuery query{QString::fromStdString(project), keyId, 100, 0};
    auto page =
        awaitResult<ServiceClient::EventPage>([&](auto done) { local.client->listEvents(query, done); });
    KD_VERIFY_OK(page);
    QCOMPARE(page.value().events.size(), 2);
    QCOMPARE(page.value().events.first().action, QStringLiteral("key.used"));
    QCOMPARE(page.value().events.last().actor, QStringLiteral("admin"));
    InventoryTeam team(local.store);
    KD_VERIFY_OK(team.keepEvents(local.connectionId, page.value().events));
    // More use: the same counted event grows instead of repeating.
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", secret}})->status, 204);
    page = awaitResult<ServiceClient::EventPage>([&](auto done) { local.client->listEvents(query, done); });
    KD_VERIFY_OK(team.keepEvents(local.connectionId, page.value().events));
    f.stop(); // offline from here
    auto kept = team.events(local.connectionId, keyId);
    KD_VERIFY_OK(kept);
    QCOMPARE(kept.value().size(), 2);
    QCOMPARE(kept.value().first().count, 2);
    QCOMPARE(kept.value().last().action, QStringLiteral("key.created"));
}

void TestTeamSync::projectCalls()
{
    ServiceFixture f;
    QVERIFY(f.start());
    QTemporaryDir dir;
    LocalInventory local(f, dir);
    auto created =
        awaitResult<Project>([&](auto done) { local.client->createProject(QStringLiteral("A"), done); });
    KD_VERIFY_OK(created);
    auto renamed = awaitResult<Project>(
        [&](auto done) { local.client->renameProject(created.value().id, QStringLiteral("B"), done); });
    KD_VERIFY_OK(renamed);
    QCOMPARE(renamed.value().name, QStringLiteral("B"));
    // Ids from outside never add path segments.
    auto odd = awaitResult<void>(
        [&](auto done) { local.client->deleteProject(QStringLiteral("../v1/users"), done); });
    QVERIFY(!odd.ok());
    QCOMPARE(odd.error().kind(), Error::Kind::NotFound);
    KD_VERIFY_OK(
        awaitResult<void>([&](auto done) { local.client->deleteProject(created.value().id, done); }));
    auto me = awaitResult<ServiceClient::Identity>([&](auto done) { local.client->whoAmI(done); });
    KD_VERIFY_OK(me);
    QCOMPARE(me.value().role, Role::Owner);
}

// A refresh started while another runs (F5 during the one after Generate Key): the older one does not
// write what it read, so it must not say "done" before the newer one has written -- the window would
// select a new key that is not in the inventory yet. (Caught when the older finishes first, as it does.)
void TestTeamSync::overlappingRefreshesAnswerOnceTheNewestIsWritten()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string project = f.createProject(QStringLiteral("Default"));
    QVERIFY(!f.createKey(project, QStringLiteral("billing")).isEmpty());
    QTemporaryDir dir;
    LocalInventory local(f, dir);
    QVERIFY(local.ready());
    KD_VERIFY_OK(awaitResult<void>([&](auto done) { local.sync->refresh(done); }));

    std::optional<qsizetype> keysWhenFirstDone;
    std::optional<Expected<void>> first, second;
    local.sync->refresh([&](Expected<void> r) {
        first.emplace(r);
        keysWhenFirstDone = local.store.credentials().value().size();
    });
    QVERIFY(!f.createKey(project, QStringLiteral("deploy bot")).isEmpty());
    local.sync->refresh([&](Expected<void> r) { second.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(first && second, 10000);
    KD_VERIFY_OK(*first);
    KD_VERIFY_OK(*second);
    QCOMPARE(*keysWhenFirstDone, 2);
    QCOMPARE(local.store.credentials().value().size(), 2);
}

QTEST_MAIN(TestTeamSync)
#include "tst_teamsync.moc"

#include "AwaitResult.h"
#include "ExpectedHelpers.h"
#include "LocalInventory.h"
#include "ServiceFixture.h"
#include "usecases/ServiceSessions.h"

#include <QTest>

// Where new keys may go, and the role this computer has on a connection, decided in the use-case layer
// (issue 29: MainWindow decided it, treating itself as an owner when offline): only a reached service whose
// role allows it; a connection that is no KeyDesk service, or not reached, or where the role is too low, is
// refused with that reason for the front end to word.
class TestAddKeysRight : public QObject
{
    Q_OBJECT

private slots:
    void aReachedOwnerMayAddKeys();
    void aViewerIsRefusedByRoleAndKeepsItOffline();

private:
    static Expected<QList<ServiceSessions::Failure>> refresh(ServiceSessions& sessions)
    {
        std::optional<QList<ServiceSessions::Failure>> failures;
        sessions.refresh([&](QList<ServiceSessions::Failure> f) { failures = std::move(f); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(failures.has_value(), 20000); }();
        if (!failures)
            return Error(Error::Kind::Timeout, QStringLiteral("the refresh did not answer"));
        return *failures;
    }
};

using Refusal = ServiceSessions::AddKeysRight::Refusal;

void TestAddKeysRight::aReachedOwnerMayAddKeys()
{
    ServiceFixture f;
    QVERIFY(f.start());
    QTemporaryDir dir;
    LocalInventory local(f, dir);
    QVERIFY(local.ready());
    ServiceSessions& sessions = local.station.sessions();
    // Not refreshed yet: nothing is known to be reached.
    QCOMPARE(sessions.mayAddKeys(std::nullopt).refusal, Refusal::Unreachable);
    QCOMPARE(sessions.mayAddKeys(local.connectionId).refusal, Refusal::Unreachable);
    QCOMPARE(sessions.mayAddKeys(local.connectionId + 100).refusal, Refusal::NotAService);

    KD_VERIFY_OK(refresh(sessions));
    QVERIFY(sessions.mayAddKeys(std::nullopt).allowed());
    QVERIFY(sessions.mayAddKeys(local.connectionId).allowed());
    QCOMPARE(sessions.mayAddKeys(local.connectionId + 100).refusal, Refusal::NotAService);
    QCOMPARE(sessions.roleOn(local.connectionId), Role::Owner);
}

void TestAddKeysRight::aViewerIsRefusedByRoleAndKeepsItOffline()
{
    ServiceFixture f;
    QVERIFY(f.start());
    QTemporaryDir dir;
    LocalInventory local(f, dir);
    QVERIFY(local.ready());
    QVERIFY(local.signInAsNewPerson(f, QStringLiteral("rey"), Role::Viewer));
    ServiceSessions& sessions = local.station.sessions();
    KD_VERIFY_OK(refresh(sessions));
    const auto right = sessions.mayAddKeys(local.connectionId);
    QCOMPARE(right.refusal, Refusal::Role);
    QCOMPARE(right.role, Role::Viewer);
    QCOMPARE(sessions.mayAddKeys(std::nullopt).refusal, Refusal::Role);
    QCOMPARE(sessions.roleOn(local.connectionId), Role::Viewer);

    // The service goes away: the role the last sync saw still holds, not an owner's.
    f.stop();
    const auto failures = refresh(sessions);
    KD_VERIFY_OK(failures);
    QCOMPARE(failures.value().size(), 1);
    QCOMPARE(sessions.mayAddKeys(local.connectionId).refusal, Refusal::Unreachable);
    QCOMPARE(sessions.roleOn(local.connectionId), Role::Viewer);
}

QTEST_GUILESS_MAIN(TestAddKeysRight)
#include "tst_addkeysright.moc"

#include "ExpectedHelpers.h"
#include "ManualClock.h"
#include "TestConnections.h"
#include "core/ReminderPlanner.h"
#include "gui/ExpiryReminder.h"
#include "gui/InventoryTableModel.h"
#include "storage/InventoryStore.h"
#include "storage/ShownReminders.h"
#include "usecases/DueReminders.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Reminder = ReminderPlanner::Reminder;

// Reminder logic with an injectable clock: thresholds, once-only, expired; and the notifier over a real
// inventory remembering what it has shown across restarts.
class TestExpiryReminder : public QObject
{
    Q_OBJECT

private slots:
    void plannerThresholdsAndExpired();
    void plannerShowsEachReminderOnce();
    void aShortLivedKeyIsRemindedInTheLastQuarterOfItsLife();
    void theStatusColumnSaysExpiringForExactlyTheRemindedKeys();
    void notifierRemembersAcrossRestarts();
    void readsTheInventoryInPages();

private:
    Credential key(qint64 id, const QString& name, qint64 expiresInSeconds) const
    {
        Credential c;
        c.id = id;
        c.connectionId = 1;
        c.name = name;
        c.keyId = QStringLiteral("kd_%1").arg(id);
        if (expiresInSeconds != 0)
            c.expiresAt = m_clock.now().addSecs(expiresInSeconds);
        return c;
    }
    ManualClock m_clock{QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC)};
};

void TestExpiryReminder::plannerThresholdsAndExpired()
{
    Credential inactive = key(5, QStringLiteral("off"), 3600);
    inactive.storedStatus = KeyStatus::Inactive;
    const QList<Credential> keys{
        key(1, QStringLiteral("soon"), 13 * 86400),  key(2, QStringLiteral("edge"), 14 * 86400),
        key(3, QStringLiteral("later"), 15 * 86400), key(4, QStringLiteral("gone"), -60),
        key(6, QStringLiteral("never"), 0),          inactive};
    const QList<Reminder> due = ReminderPlanner::due(keys, m_clock.now(), 14, {});
    QCOMPARE(due.size(), 3);
    QCOMPARE(due.at(0).credentialId, 1);
    QCOMPARE(due.at(0).kind, Reminder::Kind::ExpiringSoon);
    QVERIFY(due.at(0).message.contains(QStringLiteral("expires in 13 days")));
    QCOMPARE(due.at(1).credentialId, 2); // exactly 14 days out counts
    QCOMPARE(due.at(2).credentialId, 4);
    QCOMPARE(due.at(2).kind, Reminder::Kind::Expired);
    QVERIFY(due.at(2).message.contains(QStringLiteral("has expired")));
    QCOMPARE(ReminderPlanner::due(keys, m_clock.now(), 30, {}).size(),
             4); // a longer threshold catches "later"
}

void TestExpiryReminder::plannerShowsEachReminderOnce()
{
    QList<Credential> keys{key(1, QStringLiteral("soon"), 2 * 86400)};
    QSet<QString> shown;
    const auto first = ReminderPlanner::due(keys, m_clock.now(), 14, shown);
    QCOMPARE(first.size(), 1);
    shown.insert(first.first().key);
    QVERIFY(ReminderPlanner::due(keys, m_clock.now(), 14, shown).isEmpty());
    m_clock.advanceSeconds(86400); // a day later: still the same reminder, not shown again
    QVERIFY(ReminderPlanner::due(keys, m_clock.now(), 14, shown).isEmpty());
    m_clock.advanceSeconds(2 * 86400); // now expired: a new kind of reminder, once
    const auto expired = ReminderPlanner::due(keys, m_clock.now(), 14, shown);
    QCOMPARE(expired.size(), 1);
    QCOMPARE(expired.first().kind, Reminder::Kind::Expired);
    shown.insert(expired.first().key);
    QVERIFY(ReminderPlanner::due(keys, m_clock.now(), 14, shown).isEmpty());
    keys.first().expiresAt = m_clock.now().addDays(5); // a renewed key with a new expiry is reminded again
    QCOMPARE(ReminderPlanner::due(keys, m_clock.now(), 14, shown).size(), 1);
}

void TestExpiryReminder::aShortLivedKeyIsRemindedInTheLastQuarterOfItsLife()
{
    Credential week = key(1, QStringLiteral("week"), 7 * 86400);
    week.createdAt = m_clock.now();
    QVERIFY(ReminderPlanner::due({week}, m_clock.now(), 14, {}).isEmpty()); // just made: not urgent
    m_clock.advanceSeconds(5 * 86400);
    QVERIFY(ReminderPlanner::due({week}, m_clock.now(), 14, {}).isEmpty()); // 2 days of 7 left
    m_clock.advanceSeconds(6 * 3600 + 1); // under a quarter of its life (42 hours) left
    const auto due = ReminderPlanner::due({week}, m_clock.now(), 14, {});
    QCOMPARE(due.size(), 1);
    QVERIFY(due.first().message.contains(QStringLiteral("expires in 2 days")));

    Credential year = key(2, QStringLiteral("year"), 14 * 86400); // long-lived: the reminder days decide
    year.createdAt = m_clock.now().addDays(-351);
    QCOMPARE(ReminderPlanner::due({year}, m_clock.now(), 14, {}).size(), 1);
}

void TestExpiryReminder::theStatusColumnSaysExpiringForExactlyTheRemindedKeys()
{
    QList<Credential> keys;
    for (const int lifeDays : {1, 7, 30, 90, 365})
        for (const int leftHours : {1, 20, 50, 24 * 6, 24 * 13, 24 * 20, 24 * 40}) {
            if (leftHours > lifeDays * 24)
                continue;
            Credential c = key(keys.size() + 1, QStringLiteral("k%1").arg(keys.size()), leftHours * 3600);
            c.createdAt = c.expiresAt.addDays(-lifeDays);
            keys << c;
        }
    for (const int reminderDays : {3, 14, 30}) {
        QSet<qint64> reminded;
        for (const Reminder& r : ReminderPlanner::due(keys, m_clock.now(), reminderDays, {}))
            reminded.insert(r.credentialId);
        QVERIFY(!reminded.isEmpty());
        QVERIFY(reminded.size() < keys.size());
        for (const Credential& c : keys) {
            const QString status = InventoryTableModel::statusText(c, m_clock.now(), reminderDays);
            QVERIFY2(status.startsWith(QStringLiteral("Expires")) == reminded.contains(c.id),
                     qPrintable(QStringLiteral("%1 with %2 reminder days: %3")
                                    .arg(c.name)
                                    .arg(reminderDays)
                                    .arg(status)));
        }
    }
}

void TestExpiryReminder::notifierRemembersAcrossRestarts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.sqlite"));
    {
        InventoryStore store(m_clock);
        KD_VERIFY_OK(store.open(path));
        const qint64 connection = addTestConnection(store);
        // "long gone" expired before the look-back: history, not news.
        for (Credential c :
             {key(0, QStringLiteral("soon"), 3 * 86400), key(0, QStringLiteral("gone"), -10),
              key(0, QStringLiteral("fine"), 90 * 86400),
              key(0, QStringLiteral("long gone"), -(DueReminders::ExpiredLookbackDays + 1) * 86400),
              key(0, QStringLiteral("gone a while"), -(DueReminders::ExpiredLookbackDays - 1) * 86400)}) {
            c.connectionId = connection;
            c.keyId = QStringLiteral("kd_") + c.name;
            KD_VERIFY_OK(store.saveCredential(c));
        }
        ExpiryReminder reminder(store, 14, m_clock);
        QSignalSpy reminded(&reminder, &ExpiryReminder::reminded);
        reminder.start(50);
        QCOMPARE(reminded.count(), 1);
        QStringList names;
        for (const Reminder& r : reminded.first().first().value<QList<Reminder>>())
            names << r.message.section(QChar(0x201D), 0, 0).mid(1);
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("gone"), QStringLiteral("gone a while"),
                                     QStringLiteral("soon")}));
        QTest::qWait(300); // several periodic checks: nothing new to say
        QCOMPARE(reminded.count(), 1);
    }
    InventoryStore reopened(m_clock);
    KD_VERIFY_OK(reopened.open(path));
    ExpiryReminder again(reopened, 14, m_clock);
    QSignalSpy reminded(&again, &ExpiryReminder::reminded);
    again.check();
    QCOMPARE(reminded.count(), 0); // shown before the "restart": not again
}

void TestExpiryReminder::readsTheInventoryInPages()
{
    QTemporaryDir dir;
    InventoryStore store(m_clock);
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    const qint64 connection = addTestConnection(store);
    QList<Credential> keys;
    const int count = DueReminders::PageSize + 17; // more than one page, all due
    for (int i = 0; i < count; ++i) {
        Credential c = key(0, QStringLiteral("k%1").arg(i), 3600 + i);
        c.connectionId = connection;
        c.keyId = QStringLiteral("kd_%1").arg(i);
        keys << c;
    }
    KD_VERIFY_OK(store.saveCredentials(keys));
    ExpiryReminder reminder(store, 14, m_clock);
    QSignalSpy reminded(&reminder, &ExpiryReminder::reminded);
    reminder.check();
    QCOMPARE(reminded.count(), 1);
    QCOMPARE(reminded.first().first().value<QList<Reminder>>().size(), count);
    QCOMPARE(ShownReminders(store).all().value().size(), count);
}

QTEST_MAIN(TestExpiryReminder)
#include "tst_expiryreminder.moc"

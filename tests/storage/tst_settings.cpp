#include "storage/Settings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// Settings read from a file anyone can edit by hand: every number lands in its range, nonsense is the
// default, and what the Preferences dialog writes is read back as written.
class TestSettings : public QObject
{
    Q_OBJECT

private slots:
    void handEditedNumbersAreClamped_data();
    void handEditedNumbersAreClamped();
    void defaultsWithoutAFile();
    void writtenValuesReadBack();
};

void TestSettings::handEditedNumbersAreClamped_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("expected");
    using K = Settings::Key;
    QTest::newRow("clipboard 0") << QByteArray("[clipboard]\ntimeoutSeconds=0\n")
                                 << int(K::ClipboardTimeoutSeconds) << 5;
    QTest::newRow("clipboard ten years")
        << QByteArray("[clipboard]\ntimeoutSeconds=315360000\n") << int(K::ClipboardTimeoutSeconds) << 600;
    QTest::newRow("clipboard beyond int") << QByteArray("[clipboard]\ntimeoutSeconds=99999999999999\n")
                                          << int(K::ClipboardTimeoutSeconds) << 600;
    QTest::newRow("clipboard negative")
        << QByteArray("[clipboard]\ntimeoutSeconds=-30\n") << int(K::ClipboardTimeoutSeconds) << 5;
    QTest::newRow("clipboard words") << QByteArray("[clipboard]\ntimeoutSeconds=forever\n")
                                     << int(K::ClipboardTimeoutSeconds) << 30;
    QTest::newRow("reminder 0") << QByteArray("[reminders]\ndaysBeforeExpiry=0\n") << int(K::ReminderDays)
                                << 1;
    QTest::newRow("reminder 1000") << QByteArray("[reminders]\ndaysBeforeExpiry=1000\n")
                                   << int(K::ReminderDays) << 90;
    QTest::newRow("deadline 1") << QByteArray("[network]\nrequestDeadlineSeconds=1\n")
                                << int(K::RequestDeadlineSeconds) << 5;
    QTest::newRow("idle off") << QByteArray("[privacy]\nlockAfterIdleMinutes=0\n")
                              << int(K::PrivacyLockIdleMinutes) << 0;
    QTest::newRow("idle a week") << QByteArray("[privacy]\nlockAfterIdleMinutes=10080\n")
                                 << int(K::PrivacyLockIdleMinutes) << 1440;
}

void TestSettings::handEditedNumbersAreClamped()
{
    QFETCH(QByteArray, line);
    QFETCH(int, key);
    QFETCH(int, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(line);
    file.close();
    const Settings settings(path);
    QCOMPARE(settings.intValue(Settings::Key(key)), expected);
    const auto range = Settings::range(Settings::Key(key));
    QVERIFY(range && expected >= range->min && expected <= range->max);
}

void TestSettings::defaultsWithoutAFile()
{
    QTemporaryDir dir;
    const Settings settings(dir.filePath(QStringLiteral("none.ini")));
    QCOMPARE(settings.clipboardTimeoutSeconds(), 30);
    QCOMPARE(settings.intValue(Settings::Key::ReminderDays), 14);
    QCOMPARE(settings.requestDeadlineMs(), 30000);
    QCOMPARE(settings.privacyLockIdleMs(), 10 * 60 * 1000);
    QCOMPARE(settings.value(Settings::Key::Language).toString(), QString());
    QCOMPARE(settings.value(Settings::Key::StartMinimised).toBool(), false);
    QVERIFY(!Settings::range(Settings::Key::Language));
}

void TestSettings::writtenValuesReadBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("settings.ini"));
    {
        Settings settings(path);
        settings.setValue(Settings::Key::ClipboardTimeoutSeconds, 45);
        settings.setValue(Settings::Key::Language, QStringLiteral("de"));
        settings.setValue(Settings::Key::StartMinimised, true);
    }
    const Settings again(path);
    QCOMPARE(again.clipboardTimeoutSeconds(), 45);
    QCOMPARE(again.value(Settings::Key::Language).toString(), QStringLiteral("de"));
    QVERIFY(again.value(Settings::Key::StartMinimised).toBool());
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"

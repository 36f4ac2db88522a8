#include "gui/PreferencesDialog.h"
#include "storage/Settings.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

// The Preferences dialog against a settings file of its own: it shows what the file holds (held to range),
// writes what was chosen, can be driven by the keyboard alone, and restores the defaults.
class TestPreferences : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup() { delete m_dir; }
    void showsTheFileHeldToRange();
    void keyboardAloneChangesAndSaves();
    void cancelWritesNothing();
    void restoreDefaults();
    void oneDayIsSingular();

private:
    QList<QSpinBox*> spins(PreferencesDialog& d) { return d.findChildren<QSpinBox*>(); }
    QString path() const { return m_dir->filePath(QStringLiteral("settings.ini")); }

    QTemporaryDir* m_dir = nullptr;
};

void TestPreferences::init()
{
    m_dir = new QTemporaryDir;
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[clipboard]\ntimeoutSeconds=0\n[reminders]\ndaysBeforeExpiry=21\n[interface]\nlanguage=fr\n");
}

void TestPreferences::showsTheFileHeldToRange()
{
    Settings settings(path());
    PreferencesDialog dialog(settings);
    const QList<QSpinBox*> fields = spins(dialog);
    QCOMPARE(fields.size(), 4);
    QCOMPARE(fields.at(0)->value(), 5); // 0 in the file: the shortest allowed
    QCOMPARE(fields.at(0)->minimum(), Settings::range(Settings::Key::ClipboardTimeoutSeconds)->min);
    QCOMPARE(fields.at(0)->maximum(), Settings::range(Settings::Key::ClipboardTimeoutSeconds)->max);
    QCOMPARE(fields.at(1)->value(), 21);
    QCOMPARE(fields.at(2)->value(), 10);
    QCOMPARE(fields.at(2)->minimum(), 0);
    QCOMPARE(fields.at(2)->specialValueText(), QStringLiteral("Never"));
    auto* language = dialog.findChild<QComboBox*>(QStringLiteral("languageComboBox"));
    QCOMPARE(language->currentData().toString(), QStringLiteral("fr"));
    QCOMPARE(language->itemData(0).toString(), QString()); // the system's comes first
    for (QSpinBox* field : fields)
        QVERIFY2(!field->accessibleName().isEmpty(), qPrintable(field->objectName()));
}

void TestPreferences::keyboardAloneChangesAndSaves()
{
    Settings settings(path());
    PreferencesDialog dialog(settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Alt+A reaches the clipboard field by its label's mnemonic; type a new value; Enter is OK.
    QTest::keyClick(&dialog, Qt::Key_A, Qt::AltModifier);
    QSpinBox* clipboard = spins(dialog).at(0);
    QTRY_VERIFY(clipboard->hasFocus());
    clipboard->selectAll();
    QTest::keyClicks(clipboard, QStringLiteral("45"));
    QTest::keyClick(&dialog, Qt::Key_R, Qt::AltModifier);
    QSpinBox* reminder = spins(dialog).at(1);
    QTRY_VERIFY(reminder->hasFocus());
    QTest::keyClick(reminder, Qt::Key_Up);
    QTest::keyClick(&dialog, Qt::Key_S, Qt::AltModifier); // Start minimised
    QTRY_VERIFY(dialog.findChild<QCheckBox*>(QStringLiteral("startMinimisedCheckBox"))->isChecked());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const Settings again(path());
    QCOMPARE(again.clipboardTimeoutSeconds(), 45);
    QCOMPARE(again.intValue(Settings::Key::ReminderDays), 22);
    QVERIFY(again.value(Settings::Key::StartMinimised).toBool());
    QCOMPARE(again.value(Settings::Key::Language).toString(), QStringLiteral("fr"));
}

void TestPreferences::cancelWritesNothing()
{
    Settings settings(path());
    PreferencesDialog dialog(settings);
    dialog.show();
    spins(dialog).at(1)->setValue(60);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(Settings(path()).intValue(Settings::Key::ReminderDays), 21);
}

void TestPreferences::restoreDefaults()
{
    Settings settings(path());
    PreferencesDialog dialog(settings);
    dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::RestoreDefaults)->click();
    QCOMPARE(spins(dialog).at(0)->value(), 30);
    QCOMPARE(spins(dialog).at(1)->value(), 14);
    QCOMPARE(dialog.findChild<QComboBox*>(QStringLiteral("languageComboBox"))->currentIndex(), 0);
    dialog.accept();
    QCOMPARE(Settings(path()).value(Settings::Key::Language).toString(), QString());
}

void TestPreferences::oneDayIsSingular()
{
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[reminders]\ndaysBeforeExpiry=1\n"); // the file's value is the field's first one
    file.close();
    Settings settings(path());
    PreferencesDialog dialog(settings);
    QSpinBox* reminder = spins(dialog).at(1);
    QCOMPARE(reminder->text(), QStringLiteral("1 day"));
    reminder->stepUp();
    QCOMPARE(reminder->text(), QStringLiteral("2 days"));
    reminder->stepDown();
    QCOMPARE(reminder->text(), QStringLiteral("1 day"));
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"

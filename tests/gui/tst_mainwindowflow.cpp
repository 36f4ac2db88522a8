#include "ExpectedHelpers.h"
#include "ServiceFixture.h"
#include "ThreeKeyWindow.h"
#include "WindowAction.h"
#include "WindowRig.h"
#include "gui/Clipboard.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/PreferencesDialog.h"
#include "gui/ScreenFit.h"
#include "gui/SecretPresenceMarks.h"
#include "gui/TokenGeneratorDialog.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ImportCredential.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolBar>

// The main window as people use it (issue 15): the selected key stays selected through every action and
// reload, and a test's whole result stays in the details panel. A real keychain and a real service
// (tst_windowlayout: the window's layout, focus and empty state).
class TestMainWindowFlow : public QObject, private ThreeKeyWindow
{
    Q_OBJECT

private slots:
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init() { setUp(); }
    void cleanup() { tearDown(); }
    void selectionSurvivesEveryAction();
    void selectionSurvivesSortSearchAndFilter();
    void testResultStaysInTheDetailsPanel();
    void providerCredentialIsEditedAndItsSecretReplaced();
    void keysWithoutASecretHereAreMarked();
    void actionsSayWhatTheyDidAndWhyNot();
    void preferencesApplyAtOnce();
};

void TestMainWindowFlow::selectionSurvivesEveryAction()
{
    selectNamed(QStringLiteral("CI deploy"));
    const qint64 chosen = selectedId();
    QVERIFY(chosen != 0);
    auto* name = window()->findChild<QLabel*>(QStringLiteral("detailNameLabel"));
    auto stillChosen = [&] {
        return selectedId() == chosen && name->text() == QLatin1String("CI deploy");
    };

    // Deactivate, then Activate: the same key, without finding it again.
    QSignalSpy refreshed(window(), &MainWindow::refreshed);
    action("actionToggleActive")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        window()->model()->credentialAt(window()->model()->rowOf(chosen))->storedStatus ==
            KeyStatus::Inactive,
        10000);
    QTRY_VERIFY(stillChosen());
    QVERIFY(action("actionToggleActive")->isEnabled());
    action("actionToggleActive")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        window()->model()->credentialAt(window()->model()->rowOf(chosen))->storedStatus == KeyStatus::Active,
        10000);
    QTRY_VERIFY(stillChosen());

    // F5.
    QVERIFY(refreshNow());
    QVERIFY(stillChosen());

    // Test Key (it fails here: no secret in this keychain) records its result and reloads.
    QSignalSpy tested(keyActionsOf(*window()), &KeyActions::tested);
    action("actionTestKey")->trigger();
    QVERIFY(tested.wait(10000));
    QVERIFY(stillChosen());

    // The Token Generator, opened and closed.
    QTimer::singleShot(50, this, [] {
        if (auto* dialog = qobject_cast<TokenGeneratorDialog*>(QApplication::activeModalWidget()))
            dialog->reject();
    });
    action("actionTokenGenerator")->trigger();
    QVERIFY(stillChosen());
    QVERIFY(action("actionCopyKeyId")->isEnabled()); // the toolbar follows the selection

    // A selection the user clears stays cleared.
    table()->clearSelection();
    QVERIFY(refreshNow());
    QCOMPARE(selectedId(), 0);
}

void TestMainWindowFlow::selectionSurvivesSortSearchAndFilter()
{
    selectNamed(QStringLiteral("Monitoring"));
    const qint64 chosen = selectedId();
    table()->sortByColumn(InventoryTableModel::Name, Qt::DescendingOrder);
    QTRY_COMPARE(selectedId(), chosen);
    table()->sortByColumn(InventoryTableModel::Expires, Qt::AscendingOrder);
    QTRY_COMPARE(selectedId(), chosen);
    // A search that hides it, then one that shows it again: selected again.
    auto* search = window()->findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
    search->setText(QStringLiteral("deploy"));
    QTRY_COMPARE(window()->model()->rowCount(), 1);
    QCOMPARE(selectedId(), 0);
    search->clear();
    QTRY_COMPARE(window()->model()->rowCount(), 3);
    QTRY_COMPARE(selectedId(), chosen);
    // Another pick by the user wins.
    selectNamed(QStringLiteral("Billing export"));
    const qint64 other = selectedId();
    QVERIFY(refreshNow());
    QCOMPARE(selectedId(), other);
}

void TestMainWindowFlow::testResultStaysInTheDetailsPanel()
{
    // The key's secret is here, but the key has been deactivated at the service since.
    std::optional<Expected<void>> stored;
    selectNamed(QStringLiteral("Monitoring"));
    const Credential monitoring = *window()->model()->credentialAt(table()->currentIndex().row());
    m_keychain->writeSecret(monitoring.keychainAccount(), {}, SecretBytes::fromUtf8(m_monitoringSecret),
                            [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 10000);
    KD_VERIFY_OK(*stored);
    QSignalSpy refreshed(window(), &MainWindow::refreshed);
    action("actionToggleActive")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(
        window()->model()->credentialAt(window()->model()->rowOf(monitoring.id))->storedStatus ==
            KeyStatus::Inactive,
        10000);
    QSignalSpy tested(keyActionsOf(*window()), &KeyActions::tested);
    action("actionTestKey")->trigger();
    QVERIFY(tested.wait(10000));
    QVERIFY(!tested.first().at(1).toBool());
    // The whole answer, not a cut-off status bar line: what came back and what to do.
    auto* result = window()->findChild<QLabel*>(QStringLiteral("detailTestResultLabel"));
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(QStringLiteral("401")), qPrintable(result->text()));
    QVERIFY2(result->text().contains(QStringLiteral("deactivated")), qPrintable(result->text()));
    // KeyDesk knows why: the advice is to activate it, not to check that the secret was copied whole.
    QVERIFY2(result->text().contains(QStringLiteral("Activate it")), qPrintable(result->text()));
    QVERIFY2(!result->text().contains(QStringLiteral("copied")), qPrintable(result->text()));
    const QString shown = result->text();
    // Kept: through another key's selection and a refresh.
    selectNamed(QStringLiteral("Billing export"));
    QVERIFY(!result->isVisible());
    selectNamed(QStringLiteral("Monitoring"));
    QVERIFY(refreshNow());
    QCOMPARE(result->text(), shown);
    QVERIFY(result->isVisible());
}

namespace {

// Runs `fill` on the dialog the next exec() shows; a dialog still open five seconds later is rejected, so a
// failed save fails the test instead of hanging it.
void whenDialogOpens(QObject* context, std::function<void(ImportCredentialDialog&)> fill)
{
    QTimer::singleShot(50, context, [fill] {
        auto* d = qobject_cast<ImportCredentialDialog*>(QApplication::activeModalWidget());
        if (!d)
            return;
        fill(*d);
        QTimer::singleShot(5000, d, [d] {
            if (d->isVisible())
                d->reject();
        });
    });
}

} // namespace

void TestMainWindowFlow::providerCredentialIsEditedAndItsSecretReplaced()
{
    // A vendor credential added by hand: HTTP Basic at the local service's token endpoint.
    Connection vendor;
    vendor.name = QStringLiteral("Vendor");
    vendor.kind = Connection::Kind::OAuth2Provider;
    vendor.provider.tokenUrl = m_fixture->server().baseUrl().resolved(QUrl(QStringLiteral("/oauth/token")));
    ImportCredential import(m_rig->store, *m_keychain);
    std::optional<Expected<Credential>> imported;
    import.run({vendor, QStringLiteral("vendor-client"), QStringLiteral("Vendor client"),
                SecretBytes::fromUtf8(QStringLiteral("old-secret-1234")), QDateTime()},
               [&](Expected<Credential> r) { imported.emplace(std::move(r));
});
QTRY_VERIFY_WITH_TIMEOUT(imported.has_value(), 10000);
KD_VERIFY_OK(*imported);
const Credential credential = imported->value();
QVERIFY(refreshNow());
selectNamed(QStringLiteral("Vendor client"));
QVERIFY(action("actionEditCredential")->isEnabled());
QVERIFY(action("actionReplaceSecret")->isEnabled());
QVERIFY(!action("actionRotate")->isEnabled());

// Its context menu offers what applies to it, and not what does not.
const QRect cell = table()->visualRect(window()->model()->index(table()->currentIndex().row(), 0));
emit table()->customContextMenuRequested(cell.center());
QMenu* menu = nullptr;
QTRY_VERIFY((menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())));
QStringList offered;
for (QAction* a : menu->actions())
    offered << a->objectName();
menu->close();
for (const char* name : {"actionEditCredential", "actionReplaceSecret", "actionDelete", "actionCopyKeyId"})
    QVERIFY2(offered.contains(QLatin1String(name)), qPrintable(offered.join(QLatin1Char(' '))));
QVERIFY(!offered.contains(QStringLiteral("actionRotate")));

// Edit: the form comes filled in; a new scope is saved, the secret stays.
bool prefilled = false;
whenDialogOpens(this, [&prefilled, &vendor](ImportCredentialDialog& d) {
    prefilled =
        d.findChild<QLineEdit*>(QStringLiteral("tokenUrlLineEdit"))->text() ==
            vendor.provider.tokenUrl.toString() &&
        d.findChild<QLineEdit*>(QStringLiteral("connectionNameLineEdit"))->isReadOnly() &&
        d.findChild<QLineEdit*>(QStringLiteral("clientIdLineEdit"))->text() == QLatin1String("vendor-client");
    d.findChild<QLineEdit*>(QStringLiteral("scopeLineEdit"))->setText(QStringLiteral("invoices.read"));
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
});
action("actionEditCredential")->trigger();
QVERIFY(prefilled);
QCOMPARE(m_rig->store.connection(credential.connectionId).value().provider.scope,
         QStringLiteral("invoices.read"));
auto secretNow = [&] {
    std::optional<Expected<SecretBytes>> read;
    m_keychain->readSecret(credential.keychainAccount(),
                           [&](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    (void)QTest::qWaitFor([&] { return read.has_value(); }, 10000);
    return read && read->ok() ? read->value().toUtf8String() : QString();
};
QCOMPARE(secretNow(), QStringLiteral("old-secret-1234"));
QCOMPARE(selectedId(), credential.id); // still the one being worked on

// Replace Secret: the new one goes to the keychain, the inventory lists its last four.
whenDialogOpens(this, [](ImportCredentialDialog& d) {
    d.findChild<QLineEdit*>(QStringLiteral("secretLineEdit"))->setText(QStringLiteral("new-secret-5678"));
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
});
action("actionReplaceSecret")->trigger();
QCOMPARE(secretNow(), QStringLiteral("new-secret-5678"));
QTRY_COMPARE(window()->model()->credentialAt(window()->model()->rowOf(credential.id))->last4,
             QStringLiteral("5678"));
QCOMPARE(m_rig->store.connection(credential.connectionId).value().provider.scope,
         QStringLiteral("invoices.read"));
}

void TestMainWindowFlow::keysWithoutASecretHereAreMarked()
{
    // Monitoring's secret is in this keychain; the other two were made elsewhere (by the fixture).
    selectNamed(QStringLiteral("Monitoring"));
    const Credential monitoring = *window()->model()->credentialAt(table()->currentIndex().row());
    std::optional<Expected<void>> stored;
    m_keychain->writeSecret(monitoring.keychainAccount(), {}, SecretBytes::fromUtf8(m_monitoringSecret),
                            [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 10000);
    KD_VERIFY_OK(*stored);
    QVERIFY(refreshNow()); // marks are asked again after a reload
    auto statusOf = [&](const QString& name) {
        for (int row = 0; row < window()->model()->rowCount(); ++row) {
            if (window()->model()->credentialAt(row)->name == name)
                return window()
                    ->model()
                    ->index(row, InventoryTableModel::Status)
                    .data(Qt::DisplayRole)
                    .toString();
        }
        return QString();
    };
    const QString mark = QStringLiteral("no secret here");
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(QStringLiteral("Billing export")).contains(mark), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(QStringLiteral("CI deploy")).contains(mark), 10000);
    // Monitoring's answer has come too (Present): no mark.
    auto* marks = window()->findChild<SecretPresenceMarks*>();
    QTRY_VERIFY_WITH_TIMEOUT(marks->isKnown(monitoring), 10000);
    QVERIFY2(!statusOf(QStringLiteral("Monitoring")).contains(mark), qPrintable(statusOf("Monitoring")));
    // The details panel says what to do about it.
    auto* advice = window()->findChild<QLabel*>(QStringLiteral("detailSecretAdviceLabel"));
    QVERIFY(!advice->isVisible());
    selectNamed(QStringLiteral("Billing export"));
    QVERIFY(advice->isVisible());
    QVERIFY2(advice->text().contains(QStringLiteral("deactivate")), qPrintable(advice->text()));
    selectNamed(QStringLiteral("Monitoring"));
    QVERIFY(!advice->isVisible());
}

void TestMainWindowFlow::actionsSayWhatTheyDidAndWhyNot()
{
    // Nothing selected: a grey button says why.
    table()->clearSelection();
    QCOMPARE(action("actionDelete")->toolTip(), QStringLiteral("Select a key first."));
    QVERIFY(!action("actionDelete")->isEnabled());
    // Every toolbar action has an icon, from the theme or our own (there is no theme here).
    auto* toolBar = window()->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    for (QAction* a : toolBar->actions())
        QVERIFY2(a->isSeparator() || !a->icon().pixmap(16, 16).isNull(), qPrintable(a->objectName()));
    QVERIFY(!window()->windowIcon().isNull());

    // Deactivate says what it did; the buttons after it stay where they were as it becomes Activate.
    selectNamed(QStringLiteral("CI deploy"));
    QWidget* after = toolBar->widgetForAction(action("actionDelete"));
    const int afterX = after->x();
    action("actionToggleActive")->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(action("actionToggleActive")->text() == QStringLiteral("&Activate"), 10000);
    QVERIFY2(window()->statusBar()->currentMessage().contains(QStringLiteral("refused until you activate")),
             qPrintable(window()->statusBar()->currentMessage()));
    QApplication::processEvents();
    QCOMPARE(after->x(), afterX);
    QVERIFY(!action("actionRotate")->isEnabled());
    QVERIFY2(action("actionRotate")->toolTip().contains(QStringLiteral("activate it first")),
             qPrintable(action("actionRotate")->toolTip()));

    // A provider credential: kept here, never "synced"; switched off at the vendor, which the tooltip says.
    Connection vendor;
    vendor.name = QStringLiteral("Vendor");
    vendor.kind = Connection::Kind::OAuth2Provider;
    vendor.provider.tokenUrl = QUrl(QStringLiteral("https://vendor.example/oauth/token"));
    ImportCredential import(m_rig->store, *m_keychain);
    std::optional<Expected<Credential>> imported;
    import.run({vendor, QStringLiteral("vendor-client"), QStringLiteral("Vendor client"),
                SecretBytes::fromUtf8(QStringLiteral("secret-1234")), QDateTime()},
               [&](Expected<Credential> r) { imported.emplace(std::move(r));
});
QTRY_VERIFY_WITH_TIMEOUT(imported.has_value(), 10000);
KD_VERIFY_OK(*imported);
QVERIFY(refreshNow());
auto* connections = window() -> findChild<QListWidget*>(QStringLiteral("connectionsListWidget"));
const auto items = connections->findItems(QStringLiteral("Vendor"), Qt::MatchStartsWith);
QCOMPARE(items.size(), 1);
QVERIFY2(items.first()->text().contains(QStringLiteral("kept on this computer")) &&
             !items.first()->text().contains(QStringLiteral("never synced")),
         qPrintable(items.first()->text()));
selectNamed(QStringLiteral("Vendor client"));
QVERIFY(!action("actionToggleActive")->isEnabled());
QVERIFY2(action("actionToggleActive")->toolTip().contains(QStringLiteral("vendor's dashboard")),
         qPrintable(action("actionToggleActive")->toolTip()));
QVERIFY(action("actionReplaceSecret")->isEnabled());
}

void TestMainWindowFlow::preferencesApplyAtOnce()
{
    // Settings → Preferences…, changed and OK'd: the window follows without a restart.
    QTimer::singleShot(50, this, [] {
        auto* dialog = qobject_cast<PreferencesDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        const QList<QSpinBox*> fields = dialog->findChildren<QSpinBox*>();
        fields.at(0)->setValue(12); // clipboard
        fields.at(1)->setValue(40); // reminder days
        dialog->accept();
    });
    QSignalSpy changed(window(), &MainWindow::preferencesChanged);
    action("actionPreferences")->trigger();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_rig->clipboard.timeoutSeconds(), 12);
    auto* filter = window()->findChild<QComboBox*>(QStringLiteral("filterComboBox"));
    QVERIFY2(filter->itemText(3).contains(QStringLiteral("40")), qPrintable(filter->itemText(3)));
    QCOMPARE(m_rig->settings.intValue(Settings::Key::ReminderDays), 40);

    // Help → About names the version and where the settings just written are kept.
    QString about;
    QTimer::singleShot(50, this, [&about] {
        if (auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget())) {
            if (auto* text = dialog->findChild<QLabel*>(QStringLiteral("aboutText")))
                about = text->text();
            dialog->reject();
        }
    });
    action("actionAbout")->trigger();
    QVERIFY2(about.contains(m_rig->settings.fileName()), qPrintable(about));
    QVERIFY(about.contains(QStringLiteral("Qt ")));
    QVERIFY2(about.contains(QStringLiteral("Licence: Apache-2.0")), qPrintable(about));
    QVERIFY2(QRegularExpression(QStringLiteral("QtKeychain \\d+\\.\\d+")).match(about).hasMatch(),
             qPrintable(about));
}

QTEST_MAIN(TestMainWindowFlow)
#include "tst_mainwindowflow.moc"

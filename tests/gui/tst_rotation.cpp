#include "ExpectedHelpers.h"
#include "LocalInventory.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "WindowAction.h"
#include "core/KeyNameValidator.h"
#include "core/Rotation.h"
#include "gui/Clipboard.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/SecretDialog.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

// Rotation end to end: real service, real keychain, the real dialogs driven as a user would.
class TestRotation : public QObject
{
    Q_OBJECT

private slots:
    // Rows are checked right after each change: let the model wait for them however slow the machine.
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void rotateDeployDeactivateDeleteLater();
    void eachStepShowsBeforeTheNextQuestion();
    void successorNamesAndExpiry();

private:
    // Confirms the copy-once dialog when it appears (it is modal, so this runs from the event loop).
    void confirmSecretDialogWhenShown(QString* seenKeyId)
    {
        QTimer::singleShot(50, this, [this, seenKeyId] {
            auto* dialog = qobject_cast<SecretDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return confirmSecretDialogWhenShown(seenKeyId);
            *seenKeyId = dialog->findChild<QLineEdit*>(QStringLiteral("keyIdLineEdit"))->text();
            dialog->findChild<QCheckBox*>(QStringLiteral("storedCheckBox"))->setChecked(true);
            QTest::mouseClick(dialog->closeButton(), Qt::LeftButton);
        });
    }
};

void TestRotation::rotateDeployDeactivateDeleteLater()
{
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string project = f.createProject(QStringLiteral("Default"));
    const QJsonObject old = f.createKey(project, QStringLiteral("CI deploy"), 90);
    QTemporaryDir dir;
    LocalInventory app(f, dir);
    QVERIFY(app.ready());
    InventoryStore& store = app.store;
    ServiceSessions sessions(store, &app.network, 10000);
    sessions.open(app.connectionId, f.server().baseUrl(),
                  SecretBytes(QByteArray::fromStdString(f.adminToken)));
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    Clipboard clipboard;
    KeychainSecretStore keychain(QStringLiteral("keydesk"));
    MainWindow window(store, sessions, &keychain, clipboard, settings);
    window.show();
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.refresh();
    QVERIFY(refreshed.wait(10000));
    window.findChild<QTableView*>(QStringLiteral("inventoryTableView"))->selectRow(0);

    QString shownKeyId;
    confirmSecretDialogWhenShown(&shownKeyId);
    scriptedQuestions().setNextAnswers(
        {QMessageBox::Yes, QMessageBox::Yes, QMessageBox::No}); // rotate, deployed, delete later
    QSignalSpy finished(keyActionsOf(window), &KeyActions::rotated);
    triggerAction(window, "actionRotate");
    QVERIFY(finished.wait(20000));
    QVERIFY(finished.first().first().toBool());

    // The service: the old key inactive, the successor active with the same 90-day lifetime.
    auto list = f.client().Get(("/v1/projects/" + project + "/keys").c_str(), f.admin());
    const QJsonArray keys = ServiceFixture::json(list).value(QLatin1String("keys")).toArray();
    QCOMPARE(keys.size(), 2);
    QJsonObject oldNow, successor;
    for (const QJsonValue& k : keys)
        (k.toObject().value(QLatin1String("key_id")) == old.value(QLatin1String("key_id")) ? oldNow
                                                                                           : successor) =
            k.toObject();
    QCOMPARE(oldNow.value(QLatin1String("status")).toString(), QStringLiteral("inactive"));
    QCOMPARE(successor.value(QLatin1String("name")).toString(), QStringLiteral("CI deploy v2"));
    QCOMPARE(successor.value(QLatin1String("status")).toString(), QStringLiteral("active"));
    QCOMPARE(successor.value(QLatin1String("key_id")).toString(), shownKeyId);
    const QDateTime created =
        QDateTime::fromString(successor.value(QLatin1String("created_at")).toString(), Qt::ISODate);
    const QDateTime expires =
        QDateTime::fromString(successor.value(QLatin1String("expires_at")).toString(), Qt::ISODate);
    QCOMPARE(created.daysTo(expires), 90);

    // The inventory links them, and the successor's secret is in the keychain and works.
    Credential linked;
    for (const Credential& c : store.credentials().value()) {
        if (c.keyId == shownKeyId)
            linked = c;
    }
    QCOMPARE(linked.replacesKeyId, old.value(QLatin1String("key_id")).toString());
    std::optional<Expected<SecretBytes>> secret;
    keychain.readSecret(linked.keychainAccount(),
                        [&](Expected<SecretBytes> r) { secret.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(secret.has_value(), 10000);
    KD_VERIFY_OK(*secret);
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", secret->value().toByteArray().toStdString()}})->status,
             204);
    QCOMPARE(f.client()
                 .Get("/health", {{"X-API-Key", old.value(QLatin1String("secret")).toString().toStdString()}})
                 ->status,
             401);
}

void TestRotation::eachStepShowsBeforeTheNextQuestion()
{
    // The "deactivate now?" and "delete now?" questions came while the table still showed the old key
    // Active and no v2, and "Creating 'CI deploy v2'…" stayed in the status bar after the secret was shown.
    ServiceFixture f;
    QVERIFY(f.start());
    const std::string project = f.createProject(QStringLiteral("Default"));
    (void)f.createKey(project, QStringLiteral("CI deploy"), 90);
    QTemporaryDir dir;
    LocalInventory app(f, dir);
    QVERIFY(app.ready());
    ServiceSessions sessions(app.store, &app.network, 10000);
    sessions.open(app.connectionId, f.server().baseUrl(),
                  SecretBytes(QByteArray::fromStdString(f.adminToken)));
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    Clipboard clipboard;
    KeychainSecretStore keychain(QStringLiteral("keydesk"));
    MainWindow window(app.store, sessions, &keychain, clipboard, settings);
    window.show();
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.refresh();
    QVERIFY(refreshed.wait(10000));
    auto* table = window.findChild<QTableView*>(QStringLiteral("inventoryTableView"));
    table->selectRow(0);

    QStringList seen; // at each question: the rows, the selected key and the status bar
    scriptedQuestions().setQuestionWatcher([&](const QString&) {
        QStringList rows;
        for (int row = 0; row < window.model()->rowCount(); ++row)
            rows << window.model()->index(row, InventoryTableModel::Name).data().toString() +
                        QLatin1Char('=') +
                        window.model()->index(row, InventoryTableModel::Status).data().toString();
        const QModelIndexList selected = table->selectionModel()->selectedRows();
        seen << QStringLiteral("%1 | selected %2 | %3")
                    .arg(rows.join(QLatin1String(", ")),
                         selected.isEmpty()
                             ? QString()
                             : window.model()->index(selected.first().row(), 0).data().toString(),
                         window.statusBar()->currentMessage());
    });
    QString shownKeyId;
    confirmSecretDialogWhenShown(&shownKeyId);
    scriptedQuestions().setNextAnswers({QMessageBox::Yes, QMessageBox::Yes, QMessageBox::No});
    QSignalSpy finished(keyActionsOf(window), &KeyActions::rotated);
    triggerAction(window, "actionRotate");
    QVERIFY(finished.wait(20000));
    scriptedQuestions().setQuestionWatcher({});
    QCOMPARE(seen.size(), 3);
    QCOMPARE(seen.at(1), QStringLiteral("CI deploy=Active, CI deploy v2=Active | selected CI deploy v2 | "
                                        "\u201C"
                                        "CI deploy v2\u201D is ready to deploy."));
    QCOMPARE(seen.at(2), QStringLiteral("CI deploy=Inactive, CI deploy v2=Active | selected CI deploy | "
                                        "\u201C"
                                        "CI deploy\u201D is deactivated."));
}

void TestRotation::successorNamesAndExpiry()
{
    QCOMPARE(Rotation::successorName(QStringLiteral("CI deploy")), QStringLiteral("CI deploy v2"));
    QCOMPARE(Rotation::successorName(QStringLiteral("CI deploy v2")), QStringLiteral("CI deploy v3"));
    QCOMPARE(Rotation::successorName(QStringLiteral("Release v9")), QStringLiteral("Release v10"));
    const QString longName = Rotation::successorName(QString(64, QLatin1Char('a')));
    QCOMPARE(longName.size(), 64);
    QVERIFY(KeyNameValidator::validate(longName).ok());
    Credential c;
    c.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    c.expiresAt = c.createdAt.addDays(180);
    QCOMPARE(Rotation::successorExpiry(c), ExpiryOption::Days180);
    c.expiresAt = c.createdAt.addDays(45); // a vendor's odd lifetime: the nearest offered option
    QCOMPARE(Rotation::successorExpiry(c), ExpiryOption::Days30);
    c.expiresAt = QDateTime();
    QCOMPARE(Rotation::successorExpiry(c), ExpiryOption::Never);
}

QTEST_MAIN(TestRotation)
#include "tst_rotation.moc"

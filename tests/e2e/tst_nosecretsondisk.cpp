#include "ExpectedHelpers.h"
#include "LocalInventory.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "WindowAction.h"
#include "gui/Clipboard.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/SecretDialog.h"
#include "gui/TokenGeneratorDialog.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

namespace {

QByteArray g_log;
void captureMessages(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_log += message.toUtf8() + '\n';
}

// Runs `act` on the next modal dialog of class T once it is up (the main window's flows exec() them).
template <typename T> void whenModal(std::function<void(T*)> act)
{
    auto* poll = new QTimer;
    QObject::connect(poll, &QTimer::timeout, poll, [poll, act] {
        if (auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget())) {
            poll->stop();
            poll->deleteLater();
            act(dialog);
        }
    });
    poll->start(20);
}

template <typename T> T* child(QWidget* parent, const char* name)
{
    return parent->findChild<T*>(QLatin1String(name));
}

} // namespace

// After the real flows of the main window -- Generate Key with the copy-once dialog, Test Key, the Token
// Generator, Add Provider Credential, Export -- no secret or token is anywhere on disk outside the keychain:
// not in the inventory (+ WAL/SHM), the settings, the service database, the exports, or the log.
class TestNoSecretsOnDisk : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void scanAfterTheFlows();
};

void TestNoSecretsOnDisk::scanAfterTheFlows()
{
    qInstallMessageHandler(captureMessages);
    QTemporaryDir dir;
    ServiceConfig config;
    config.database = dir.filePath(QStringLiteral("service.sqlite"));
    ServiceFixture f(QStringLiteral("sqlite"), config);
    QVERIFY(f.start());
    LocalInventory app(f, dir);
    QVERIFY(app.ready());
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setValue(Settings::Key::ClipboardTimeoutSeconds, 5);
    Clipboard clipboard;
    KeychainSecretStore keychain; // the app's own keychain entries, in the test's private keyring
    ServiceSessions sessions(app.store, &app.network, 10000);
    sessions.open(app.connectionId, f.server().baseUrl(),
                  SecretBytes(QByteArray::fromStdString(f.adminToken)));
    MainWindow window(app.store, sessions, &keychain, clipboard, settings);
    window.show();
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.refresh();
    QVERIFY(refreshed.wait(10000));

    // Generate Key, then the copy-once dialog: copy, confirm, keep in the keychain.
    QByteArray secret;
    whenModal<GenerateKeyDialog>([&](GenerateKeyDialog* generate) {
        QTest::keyClicks(child<QLineEdit>(generate, "nameLineEdit"), QStringLiteral("Scanned key"));
        whenModal<SecretDialog>([&](SecretDialog* shown) {
            QTest::mouseClick(child<QPushButton>(shown, "copySecretButton"), Qt::LeftButton);
            secret = QApplication::clipboard()->text().toLatin1();
            child<QCheckBox>(shown, "storedCheckBox")->setChecked(true);
            QTest::mouseClick(shown->closeButton(), Qt::LeftButton);
        });
        QTest::mouseClick(generate->generateButton(), Qt::LeftButton);
    });
    triggerAction(window, "actionGenerateKey");
    QVERIFY(refreshed.wait(10000));
    QVERIFY2(secret.startsWith("kds_"), secret.constData());
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", secret.toStdString()}})->status, 204);

    // Test Key on it: the secret is read back from the keychain.
    auto* table = window.findChild<QTableView*>(QStringLiteral("inventoryTableView"));
    table->selectRow(0);
    QSignalSpy tested(keyActionsOf(window), &KeyActions::tested);
    triggerAction(window, "actionTestKey");
    QVERIFY(tested.wait(10000));
    QVERIFY(tested.first().at(1).toBool());

    // The Token Generator: a token, copied, then the dialog closed.
    QByteArray token;
    whenModal<TokenGeneratorDialog>([&](TokenGeneratorDialog* generator) {
        QTest::mouseClick(child<QPushButton>(generator, "generateButton"), Qt::LeftButton);
        auto* field = child<QLineEdit>(generator, "tokenLineEdit");
        QVERIFY(QTest::qWaitFor([&] { return !field->text().isEmpty(); }, 10000));
        token = field->text().toLatin1();
        QTest::mouseClick(child<QPushButton>(generator, "copyTokenButton"), Qt::LeftButton);
        generator->reject();
    });
    triggerAction(window, "actionTokenGenerator");
    QVERIFY2(token.startsWith("eyJ"), token.constData());

    // Add Provider Credential: a vendor's client secret pasted by hand.
    const QByteArray vendorSecret = "vendor-secret-9f8e7d6c5b4a39281706";
    whenModal<ImportCredentialDialog>([&](ImportCredentialDialog* import) {
        child<QLineEdit>(import, "connectionNameLineEdit")->setText(QStringLiteral("Vendor"));
        child<QLineEdit>(import, "tokenUrlLineEdit")
            ->setText(QStringLiteral("https://auth.vendor.example/token"));
        child<QLineEdit>(import, "nameLineEdit")->setText(QStringLiteral("Vendor client"));
        child<QLineEdit>(import, "clientIdLineEdit")->setText(QStringLiteral("client-42"));
        child<QLineEdit>(import, "secretLineEdit")->setText(QString::fromLatin1(vendorSecret));
        import->saveButton()->click();
    });
    triggerAction(window, "actionImportCredential");
    QCOMPARE(app.store.countCredentials().value(), 2);

    // Export what the table shows.
    scriptedQuestions().setNextFileName(dir.filePath(QStringLiteral("export.csv")),
                                        QStringLiteral("CSV (*.csv)"));
    triggerAction(window, "actionExport");
    scriptedQuestions().setNextFileName(dir.filePath(QStringLiteral("export.json")),
                                        QStringLiteral("JSON (*.json)"));
    triggerAction(window, "actionExport");
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("export.json"))));
    qWarning("a log line from the flow, so the log is not empty");

    // Everything in the folder: inventory, -wal, -shm, settings, service database, exports.
    const QList<QByteArray> needles = {secret.mid(4, 24), vendorSecret.mid(2, 24),
                                       token.mid(token.size() - 30)};
    int scanned = 0;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        for (const QByteArray& needle : needles) {
            const QByteArray utf16 = QByteArray(
                reinterpret_cast<const char*>(QString::fromLatin1(needle).utf16()), needle.size() * 2);
            QVERIFY2(!content.contains(needle) && !content.contains(utf16), qPrintable(path));
        }
        ++scanned;
    }
    QVERIFY2(scanned >= 7, qPrintable(QString::number(scanned))); // the files really were there to scan
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("inventory.sqlite-wal"))));
    QVERIFY(!g_log.isEmpty());
    for (const QByteArray& needle : needles)
        QVERIFY(!g_log.contains(needle));
    clipboard.clearIfOurs();
    qInstallMessageHandler(nullptr);
}

QTEST_MAIN(TestNoSecretsOnDisk)
#include "tst_nosecretsondisk.moc"

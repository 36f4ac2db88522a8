#include "ExpectedHelpers.h"
#include "LocalInventory.h"
#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/SecretDialog.h"
#include "net/InventorySync.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"

#include <QCheckBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>

namespace {
QByteArray g_log;
void captureMessages(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_log += message.toUtf8() + '\n';
}
} // namespace

// After the whole create-a-key flow (dialogs, clipboard, keychain, sync), the secret's bytes are nowhere on
// disk outside the keychain: not in the inventory (+ WAL/SHM), the settings, the service database, or the
// log.
class TestNoSecretsOnDisk : public QObject
{
    Q_OBJECT

private slots:
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
    InventoryStore& store = app.store;
    ServiceClient& client = *app.client;
    InventorySync& sync = *app.sync;
    std::optional<Expected<void>> synced;
    sync.refresh([&](Expected<void> r) { synced.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(synced.has_value(), 10000);
    KD_VERIFY_OK(*synced);
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    settings.setValue(Settings::Key::ClipboardTimeoutSeconds, 5);
    Clipboard clipboard;
    KeychainSecretStore keychain(QStringLiteral("keydesk-test"));

    GenerateKeyDialog generate(client, sync.projectId(), 0, sync.keyLimit());
    generate.show();
    QTest::keyClicks(generate.findChild<QLineEdit*>(QStringLiteral("nameLineEdit")),
                     QStringLiteral("Scanned key"));
    QTest::mouseClick(generate.generateButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(generate.result(), int(QDialog::Accepted), 10000);
    auto created = generate.takeCreatedKey();
    QVERIFY(created.has_value());
    const QByteArray secret = created->secret.toByteArray();
    SecretDialog secretDialog(created->key.keyId, created->secret, QStringLiteral("scan/1"), &keychain,
                              clipboard);
    secretDialog.show();
    QTest::mouseClick(secretDialog.findChild<QPushButton*>(QStringLiteral("copySecretButton")),
                      Qt::LeftButton);
    secretDialog.findChild<QCheckBox*>(QStringLiteral("storedCheckBox"))->setChecked(true);
    QTest::mouseClick(secretDialog.closeButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!secretDialog.isVisible(), 15000);
    QVERIFY(secretDialog.storedInKeychain());
    synced.reset();
    sync.refresh([&](Expected<void> r) { synced.emplace(r); });
    QTRY_VERIFY_WITH_TIMEOUT(synced.has_value(), 10000);
    KD_VERIFY_OK(*synced);
    QCOMPARE(store.countCredentials().value(), 1);
    QCOMPARE(f.client().Get("/health", {{"X-API-Key", secret.toStdString()}})->status, 204);
    qWarning("a log line from the flow, so the log is not empty");

    // Everything in the folder: inventory, -wal, -shm, settings, service database and its WAL.
    int scanned = 0;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden);
    const QByteArray fragment = secret.mid(4, 24); // longer than last4, which is shown on purpose
    const QByteArray utf16 =
        QByteArray(reinterpret_cast<const char*>(QString::fromLatin1(fragment).utf16()), fragment.size() * 2);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains(fragment) && !content.contains(utf16), qPrintable(path));
        ++scanned;
    }
    QVERIFY2(scanned >= 5, qPrintable(QString::number(scanned))); // the files really were there to scan
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("inventory.sqlite-wal"))));
    QVERIFY(!g_log.isEmpty());
    QVERIFY(!g_log.contains(fragment));
    qInstallMessageHandler(nullptr);
}

QTEST_MAIN(TestNoSecretsOnDisk)
#include "tst_nosecretsondisk.moc"

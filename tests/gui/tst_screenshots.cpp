#include "ExpectedHelpers.h"
#include "FailingSecretStore.h"
#include "FakeHttpServer.h"
#include "ManualClock.h"
#include "ManualMonotonicClock.h"
#include "MemorySecretStore.h"
#include "ScreenshotVariant.h"
#include "ServiceFixture.h"
#include "gui/AppTranslations.h"
#include "gui/Clipboard.h"
#include "gui/ConnectServiceDialog.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/KeyHistoryPanel.h"
#include "gui/MainWindow.h"
#include "gui/PreferencesDialog.h"
#include "gui/PublicKeyDialog.h"
#include "gui/SecretDialog.h"
#include "gui/TokenGeneratorDialog.h"
#include "gui/UserGuideWindow.h"
#include "net/ClientAssertion.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

// Renders the main window and both dialogs with realistic data and checks they paint. With
// KEYDESK_SCREENSHOT_DIR set (scripts/screenshots, under Xvfb) it also saves them as PNGs for docs/.
class TestScreenshots : public QObject
{
    Q_OBJECT

private slots:
    // Rows are checked right after each change: let the model wait for them however slow the machine.
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init()
    {
        QFETCH(QString, suffix);
        m_variant.apply(suffix);
    }
    void cleanup() { m_variant.restore(); }
    void renderAll_data() { ScreenshotVariant::addRows(); }
    void discoveryFlow_data() { ScreenshotVariant::addRows(); }
    void privateKeyFlow_data() { ScreenshotVariant::addRows(); }
    void firstRun_data() { ScreenshotVariant::addRows(); }
    void teamConnect_data() { ScreenshotVariant::addRows(); }
    void userGuide_data() { ScreenshotVariant::addRows(); }
    void renderAll();
    void discoveryFlow();
    void privateKeyFlow();
    void firstRun();
    void teamConnect();
    void userGuide();

private:
    void save(QWidget* widget, const QString& name) { m_variant.save(widget, name); }
    bool dark() const { return m_variant.dark(); }
    static qint64 openWithLocal(InventoryStore& store, const QTemporaryDir& dir);

    ScreenshotVariant m_variant;
};

// An inventory in `dir` with its Local connection; that connection's id, or 0.
qint64 TestScreenshots::openWithLocal(InventoryStore& store, const QTemporaryDir& dir)
{
    if (!store.open(dir.filePath(QStringLiteral("inventory.sqlite"))))
        return 0;
    Connection local;
    local.name = QStringLiteral("Local");
    local.embedded = true;
    const auto id = store.addConnection(local);
    return id ? id.value() : 0;
}

void TestScreenshots::renderAll()
{
    ManualClock clock(QDateTime::currentDateTimeUtc().addDays(-40));
    ServiceFixture f(QStringLiteral("sqlite"), {}, clock);
    QVERIFY(f.start());
    const std::string project = f.createProject(QStringLiteral("Default"));
    f.createKey(project, QStringLiteral("Legacy import"), 30); // expired by "now"
    clock.advanceSeconds(25 * 86400);
    f.createKey(project, QStringLiteral("CI deploy"), 30);          // expires in ~15 days
    f.createKey(project, QStringLiteral("Staging smoke tests"), 7); // expired
    clock.set(QDateTime::currentDateTimeUtc().addDays(-3));
    f.createKey(project, QStringLiteral("Billing export"), 90);
    f.createKey(project, QStringLiteral("Überwachung"), 365);
    const QJsonObject old = f.createKey(project, QStringLiteral("Partner sandbox"));
    f.createKey(project, QStringLiteral("Monitoring"), 7);
    clock.set(QDateTime::currentDateTimeUtc());
    // A second project, worked on by a person of the team: "Created by", the project column, a history.
    auto alex = f.server().people().add(QStringLiteral("alex"), Role::Admin, Actor::commandLine());
    QVERIFY(alex.ok());
    const httplib::Headers asAlex{
        {"Authorization", "Bearer " + alex.value().token.toByteArray().toStdString()}};
    const std::string payments = f.createProject(QStringLiteral("Payments"));
    auto refunds = f.client().Post(("/v1/projects/" + payments + "/keys").c_str(), asAlex,
                                   R"({"name":"Refunds worker","expires_in_days":90})", "application/json");
    QCOMPARE(refunds->status, 201);
    const QJsonObject refundsKey = ServiceFixture::json(refunds);
    const std::string refundsPath = "/v1/projects/" + payments + "/keys/" +
                                    refundsKey.value(QLatin1String("id")).toString().toStdString();
    QCOMPARE(
        f.client().Patch(refundsPath.c_str(), asAlex, R"({"status":"inactive"})", "application/json")->status,
        200);
    QCOMPARE(
        f.client().Patch(refundsPath.c_str(), asAlex, R"({"status":"active"})", "application/json")->status,
        200);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(f.client()
                     .Get("/health",
                          {{"X-API-Key", refundsKey.value(QLatin1String("secret")).toString().toStdString()}})
                     ->status,
                 204);
    const std::string oldPath =
        "/v1/projects/" + project + "/keys/" + old.value(QLatin1String("id")).toString().toStdString();
    QCOMPARE(
        f.client().Patch(oldPath.c_str(), f.admin(), "{\"status\":\"inactive\"}", "application/json")->status,
        200);

    QTemporaryDir dir;
    InventoryStore store;
    const qint64 connection = openWithLocal(store, dir);
    QVERIFY(connection > 0);
    Connection vendor;
    vendor.name = QStringLiteral("Monite sandbox");
    vendor.kind = Connection::Kind::OAuth2Provider;
    store.addConnection(vendor).value();
    QNetworkAccessManager network;
    ServiceSessions sessions(store, &network, 10000);
    ServiceSession& sync =
        sessions.open(connection, f.server().baseUrl(), SecretBytes(QByteArray::fromStdString(f.adminToken)));
    ServiceClient& client = sync.client();
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    Clipboard clipboard;
    // This computer keeps the secrets of the keys made here; not alex's, nor the old partner key's.
    MemorySecretStore windowKeychain;
    MainWindow window(store, sessions, &windowKeychain, clipboard, settings);
    window.resize(1280, 560);
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.refresh();
    QVERIFY(refreshed.wait(10000));
    int kept = 0, keeping = 0;
    for (const Credential& c : store.credentials().value()) {
        if (c.name == QLatin1String("Refunds worker") || c.name == QLatin1String("Partner sandbox"))
            continue;
        ++keeping;
        windowKeychain.writeSecret(c.keychainAccount(), {}, SecretBytes(QByteArrayLiteral("kds_screenshot")),
                                   [&kept](Expected<void>) { ++kept; });
    }
    QTRY_COMPARE(kept, keeping);
    refreshed.clear();
    window.refresh();
    QVERIFY(refreshed.wait(10000));
    QTest::qWait(400); // the marks are asked for a moment after the rows show
    auto* table = window.findChild<QTableView*>(QStringLiteral("inventoryTableView"));
    table->selectRow(4); // Partner sandbox: switched off, and its secret is not on this computer
    save(&window, QStringLiteral("main-window.png"));
    {
        PreferencesDialog preferences(settings, &window);
        save(&preferences, QStringLiteral("preferences.png"));
    }
    // The History tab of the key alex made, switched off and on again, and used.
    auto* history = window.findChild<KeyHistoryPanel*>();
    QSignalSpy historyRead(history, &KeyHistoryPanel::updated);
    qint64 refundsRow = 0;
    for (const Credential& c : store.credentials().value()) {
        if (c.keyId == refundsKey.value(QLatin1String("key_id")).toString())
            refundsRow = c.id;
    }
    table->selectRow(window.model()->rowOf(refundsRow));
    window.findChild<QTabWidget*>(QStringLiteral("detailsTabWidget"))->setCurrentIndex(1);
    QVERIFY(historyRead.wait(10000) || history->list()->topLevelItemCount() > 0);
    QCOMPARE(history->list()->topLevelItemCount(), 4);
    save(&window, QStringLiteral("key-history.png"));
    window.findChild<QTabWidget*>(QStringLiteral("detailsTabWidget"))->setCurrentIndex(0);

    // The same service as a team server of sam, of support, next to sam's own local service: on the team's
    // keys Rotate, Delete and the project actions are off (their tooltips name the role they need);
    // Deactivate stays on.
    auto sam = f.server().people().add(QStringLiteral("sam"), Role::Support, Actor::commandLine());
    QVERIFY(sam.ok());
    ServiceFixture samsOwn;
    QVERIFY(samsOwn.start());
    const std::string samsProject = samsOwn.createProject(QStringLiteral("Default"));
    samsOwn.createKey(samsProject, QStringLiteral("Support tooling"), 90);
    samsOwn.createKey(samsProject, QStringLiteral("Status page probe"), 30);
    InventoryStore teamStore;
    KD_VERIFY_OK(teamStore.open(dir.filePath(QStringLiteral("team.sqlite"))));
    Connection samsLocal;
    samsLocal.name = QStringLiteral("Local");
    samsLocal.embedded = true;
    const qint64 samsLocalId = teamStore.addConnection(samsLocal).value();
    Connection team;
    team.name = QStringLiteral("Team");
    team.url = f.server().baseUrl();
    const qint64 teamId = teamStore.addConnection(team).value();
    ServiceSessions samSessions(teamStore, &network, 10000);
    samSessions.open(samsLocalId, samsOwn.server().baseUrl(),
                     SecretBytes(QByteArray::fromStdString(samsOwn.adminToken)));
    samSessions.open(teamId, f.server().baseUrl(), sam.value().token);
    Settings samSettings(dir.filePath(QStringLiteral("sam.ini")));
    MainWindow samWindow(teamStore, samSessions, &windowKeychain, clipboard, samSettings);
    samWindow.resize(1280, 560);
    QSignalSpy samRefreshed(&samWindow, &MainWindow::refreshed);
    samWindow.refresh();
    QVERIFY(samRefreshed.wait(10000));
    QTRY_COMPARE(samWindow.model()->rowCount(), 10);
    for (int row = 0; row < samWindow.model()->rowCount(); ++row) {
        if (samWindow.model()->index(row, InventoryTableModel::Name).data() ==
            QStringLiteral("Refunds worker"))
            samWindow.findChild<QTableView*>(QStringLiteral("inventoryTableView"))->selectRow(row);
    }
    QVERIFY(!samWindow.findChild<QAction*>(QStringLiteral("actionDelete"))->isEnabled());
    save(&samWindow, QStringLiteral("main-window-support.png"));
    samWindow.hide();

    GenerateKeyDialog generate(client, sync.projects(), sync.projectId(), sync.keyLimit(), Clock::system(),
                               &window);
    QTest::keyClicks(generate.findChild<QLineEdit*>(QStringLiteral("nameLineEdit")),
                     QStringLiteral("1st key"));
    save(&generate, QStringLiteral("generate-key-invalid.png"));
    generate.findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))
        ->setText(QStringLiteral("Nightly billing sync"));
    QTest::keyClicks(generate.findChild<QPlainTextEdit*>(QStringLiteral("descriptionPlainTextEdit")),
                     QStringLiteral("Used by the billing cron job on ops-01"));
    generate.findChild<QComboBox*>(QStringLiteral("expiryComboBox"))->setCurrentIndex(2);
    save(&generate, QStringLiteral("generate-key.png"));
    generate.hide();

    FailingSecretStore keychain; // only its presence matters here: nothing is written
    SecretDialog secret(
        QStringLiteral("kd_7QK2M4XRB5T6Y3N8WZ2A"),
        SecretBytes(QByteArrayLiteral("kds_") + QByteArray("Example0nly").repeated(4).left(40)),
        QStringLiteral("screenshot"), &keychain, clipboard, &window);
    secret.showProject(QString::fromStdString(project), QStringLiteral("Default"));
    secret.nameKey(QStringLiteral("Nightly billing sync"));
    save(&secret, QStringLiteral("secret-dialog.png"));
    secret.hide();

    // The token generator, 17 minutes into a one-hour token, after a test call that passed...
    MemorySecretStore memory;
    const QJsonObject support = f.createKey(project, QStringLiteral("Support desk"));
    Credential supportKey;
    supportKey.id = 1;
    supportKey.connectionId = connection;
    supportKey.connectionUid = QStringLiteral("screenshot");
    supportKey.name = QStringLiteral("Support desk");
    supportKey.keyId = support.value(QLatin1String("key_id")).toString();
    std::optional<Expected<void>> stored;
    memory.writeSecret(supportKey.keychainAccount(), {},
                       SecretBytes::fromUtf8(support.value(QLatin1String("secret")).toString()),
                       [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY(stored.has_value());
    TokenSource source{
        supportKey, QStringLiteral("Local \u2014 Support desk (%1)").arg(supportKey.keyId), {}, {}};
    source.provider.tokenUrl = f.server().baseUrl().resolved(QUrl(QStringLiteral("/oauth/token")));
    source.provider.testUrl = f.server().baseUrl().resolved(QUrl(QStringLiteral("/health")));
    ManualMonotonicClock monotonic;
    TokenClient tokens(&network);
    TestCall tests(&network);
    TokenGeneratorDialog generator({source}, tokens, tests, memory, clipboard, nullptr, monotonic, &window);
    QSignalSpy received(&generator, &TokenGeneratorDialog::tokenReceived);
    generator.generate();
    QVERIFY(received.wait(10000));
    monotonic.advanceMs((17 * 60 + 43) * 1000LL);
    generator.tick();
    QSignalSpy tested(&generator, &TokenGeneratorDialog::tested);
    QTest::mouseClick(generator.findChild<QPushButton*>(QStringLiteral("testButton")), Qt::LeftButton);
    QVERIFY(tested.wait(10000));
    QVERIFY(tested.first().first().toBool());
    generator.findChild<QCheckBox*>(QStringLiteral("autoRenewCheckBox"))->setChecked(true);
    save(&generator, QStringLiteral("token-generator.png"));

    // ...and a test call that failed: the key was deactivated meanwhile, four minutes before expiry.
    const std::string supportPath =
        "/v1/projects/" + project + "/keys/" + support.value(QLatin1String("id")).toString().toStdString();
    QCOMPARE(f.client()
                 .Patch(supportPath.c_str(), f.admin(), "{\"status\":\"inactive\"}", "application/json")
                 ->status,
             200);
    generator.findChild<QCheckBox*>(QStringLiteral("autoRenewCheckBox"))->setChecked(false);
    monotonic.advanceMs((38 * 60) * 1000LL);
    generator.tick();
    tested.clear();
    QTest::mouseClick(generator.findChild<QPushButton*>(QStringLiteral("testButton")), Qt::LeftButton);
    QVERIFY(tested.wait(10000));
    QVERIFY(!tested.first().first().toBool());
    save(&generator, QStringLiteral("token-generator-failed-test.png"));
}

// Add Provider Credential with an issuer's metadata read: what was found and why that method.
void TestScreenshots::discoveryFlow()
{
    QString issuer;
    FakeHttpServer metadata([&](const QByteArray& request) {
        if (!request.startsWith("GET /.well-known/oauth-authorization-server"))
            return FakeHttpServer::response(404, "{}");
        return FakeHttpServer::response(
            200, QStringLiteral(
                     R"({"issuer":"%1","token_endpoint":"%1/oauth2/token",)"
                     R"("token_endpoint_auth_methods_supported":["client_secret_basic","private_key_jwt"],)"
                     R"("scopes_supported":["invoices.read","invoices.write","payments.read"]})")
                     .arg(issuer)
                     .toUtf8());
    });
    issuer = metadata.url().toString();
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    MemorySecretStore keychain;
    QNetworkAccessManager network;
    ImportCredentialDialog dialog(store, keychain);
    dialog.enableDiscovery(&network, 15000);
    dialog.resize(640, 700);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("connectionNameLineEdit"))
        ->setText(QStringLiteral("Billing API"));
    dialog.findChild<QLineEdit*>(QStringLiteral("issuerLineEdit"))->setText(issuer);
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("discoverButton")), Qt::LeftButton);
    auto* found = dialog.findChild<QLabel*>(QStringLiteral("discoveryLabel"));
    // "Found at …" in the language shown: what precedes the URL.
    const QString foundAt =
        QCoreApplication::translate("IssuerDiscovery", "Found at %1.\nClient authentication: %2.")
            .section(QStringLiteral("%1"), 0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(found->text().startsWith(foundAt), 10000);
    dialog.findChild<QLineEdit*>(QStringLiteral("scopeLineEdit"))->setText(QStringLiteral("invoices.read"));
    save(&dialog, QStringLiteral("discovery.png"));
}

void TestScreenshots::privateKeyFlow()
{
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    MemorySecretStore keychain;
    ImportCredentialDialog dialog(store, keychain);
    dialog.resize(640, 640);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("connectionNameLineEdit"))
        ->setText(QStringLiteral("Payments"));
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenUrlLineEdit"))
        ->setText(QStringLiteral("https://auth.payments.example/oauth2/token"));
    auto* auth = dialog.findChild<QComboBox*>(QStringLiteral("clientAuthComboBox"));
    auth->setCurrentIndex(auth->findData(int(ProviderSettings::ClientAuth::PrivateKeyJwt)));
    dialog.findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Payouts worker"));
    dialog.findChild<QLineEdit*>(QStringLiteral("clientIdLineEdit"))
        ->setText(QStringLiteral("payouts-worker"));
    save(&dialog, QStringLiteral("private-key-credential.png"));

    const auto key =
        ClientAssertion::publicKey(ClientAssertion::generateKey(ClientAssertion::Algorithm::ES256).value());
    KD_VERIFY_OK(key);
    Clipboard clipboard;
    PublicKeyDialog shown(key.value(), QStringLiteral("payouts-worker"), clipboard);
    shown.copy();
    save(&shown, QStringLiteral("public-key.png"));
}

void TestScreenshots::firstRun()
{
    ServiceFixture f;
    QVERIFY(f.start());
    QTemporaryDir dir;
    InventoryStore store;
    const qint64 connection = openWithLocal(store, dir);
    QVERIFY(connection > 0);
    QNetworkAccessManager network;
    ServiceSessions sessions(store, &network, 10000);
    sessions.open(connection, f.server().baseUrl(), SecretBytes(QByteArray::fromStdString(f.adminToken)));
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    Clipboard clipboard;
    MemorySecretStore keychain;
    MainWindow window(store, sessions, &keychain, clipboard, settings);
    window.resize(1100, 480);
    window.show();
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.refresh();
    QVERIFY(refreshed.wait(10000));
    QTRY_VERIFY(window.findChild<QWidget*>(QStringLiteral("emptyStatePanel"))->isVisible());
    save(&window, QStringLiteral("first-run.png"));
}

// File > Connect to a Service, filled in as a team member would: the team's address and their token.
void TestScreenshots::teamConnect()
{
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    MemorySecretStore keychain;
    QNetworkAccessManager network;
    ConnectServiceDialog dialog(&network, store, keychain);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))
        ->setText(QStringLiteral("https://keys.example.org"));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit")),
                     QStringLiteral("kda_example_token"));
    save(&dialog, QStringLiteral("connect-service.png"));
}

// Help > User Guide, scrolled to the first key being generated.
void TestScreenshots::userGuide()
{
    const bool de = m_variant.suffix() == QLatin1String("-de"),
               fr = m_variant.suffix() == QLatin1String("-fr");
    UserGuideWindow guide(UserGuideWindow::installedHelpDir(), QLocale(de   ? QLocale::German
                                                                       : fr ? QLocale::French
                                                                            : QLocale::English));
    QVERIFY(guide.found());
    guide.show();
    QVERIFY(guide.browser()->find(de   ? QStringLiteral("Einen Schl\u00FCssel erzeugen")
                                  : fr ? QStringLiteral("G\u00E9n\u00E9rer une cl\u00E9")
                                       : QStringLiteral("Generate a key")));
    guide.browser()->verticalScrollBar()->setValue(guide.browser()->cursorRect().top() +
                                                   guide.browser()->verticalScrollBar()->value() - 8);
    QTextCursor unselected = guide.browser()->textCursor();
    unselected.clearSelection();
    guide.browser()->setTextCursor(unselected);
    save(&guide, QStringLiteral("user-guide.png"));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"

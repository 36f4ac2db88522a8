#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "WindowAction.h"
#include "WindowRig.h"
#include "gui/Clipboard.h"
#include "gui/ConnectionsPane.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/SingleInstance.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>

// A vendor's credentials in the main window, offscreen, over a real inventory, a real keychain
// (tests/with-keyring.sh unlocked) and a real service on 127.0.0.1 (tst_mainwindow: the service's keys).
class TestProviderCredentials : public QObject
{
    Q_OBJECT

private slots:
    // Rows are checked right after each change: let the model wait for them however slow the machine.
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init();
    void cleanup();
    void testKeyNeverSendsAClientSecretToTheTestUrl();
    void importedCredentialCanBeDeleted();
    void aProviderCredentialShowsHowItsTokenIsFetchedAndTested();
    void aProviderConnectionIsRemovedWithItsSecrets();

private:
    QTableView* table() { return m_window->findChild<QTableView*>(QStringLiteral("inventoryTableView")); }
    void selectRow(int row) { table()->selectRow(row); }
    bool refreshNow();
    qint64 localConnectionId();
    Credential addOAuth2Credential(const QUrl& testUrl, const QString& keyId, const QString& secret);

    ServiceFixture* m_fixture = nullptr;
    KeychainSecretStore* m_keychain = nullptr;
    WindowRig* m_rig = nullptr;
    InventoryStore* m_store = nullptr; // the rig's
    MainWindow* m_window = nullptr;    // the rig's
    std::string m_project;
};

void TestProviderCredentials::init()
{
    m_fixture = new ServiceFixture;
    QVERIFY(m_fixture->start());
    m_project = m_fixture->createProject(QStringLiteral("Default"));
    m_fixture->createKey(m_project, QStringLiteral("Billing export"), 30);
    m_keychain = new KeychainSecretStore(QStringLiteral("keydesk-test"));
    m_rig = new WindowRig(*m_fixture, m_keychain);
    QVERIFY(m_rig->ready);
    m_store = &m_rig->store;
    m_window = m_rig->window.get();
    m_window->show();
}

void TestProviderCredentials::cleanup()
{
    delete m_rig;
    delete m_keychain;
    delete m_fixture;
}

bool TestProviderCredentials::refreshNow()
{
    QSignalSpy done(m_window, &MainWindow::refreshed);
    m_window->refresh();
    return done.wait(10000) && done.first().first().toBool();
}

qint64 TestProviderCredentials::localConnectionId()
{
    for (const Connection& c : m_store->connections().value()) {
        if (c.embedded)
            return c.id;
    }
    return 0;
}

Credential TestProviderCredentials::addOAuth2Credential(const QUrl& testUrl, const QString& keyId,
                                                        const QString& secret)
{
    Connection vendor;
    vendor.name = QStringLiteral("Vendor");
    vendor.kind = Connection::Kind::OAuth2Provider;
    vendor.provider.tokenUrl = m_fixture->server().baseUrl().resolved(QUrl(QStringLiteral("/oauth/token")));
    vendor.provider.testUrl = testUrl;
    vendor.provider.testHeader = ProviderSettings::HeaderStyle::XApiKey;
    Credential c;
    c.connectionId = m_store->addConnection(vendor).value();
    c.connectionUid = m_store->connection(c.connectionId).value().uid;
    c.name = QStringLiteral("Vendor client");
    c.keyId = keyId;
    c.id = m_store->saveCredential(c).value();
    std::optional<Expected<void>> stored;
    m_keychain->writeSecret(c.keychainAccount(), {}, SecretBytes::fromUtf8(secret),
                            [&](Expected<void> r) { stored.emplace(r); });
    if (!QTest::qWaitFor([&] { return stored.has_value(); }, 10000) || !stored->ok())
        return {};
    return c;
}

void TestProviderCredentials::testKeyNeverSendsAClientSecretToTheTestUrl()
{
    // The defect as reported: Test Key sent an OAuth2 client secret to the test URL as X-API-Key.
    QVERIFY(refreshNow());
    const QJsonObject key = m_fixture->createKey(m_project, QStringLiteral("Vendor side"));
    const QString secret = key.value(QLatin1String("secret")).toString();
    FakeHttpServer testUrl([](const QByteArray&) { return FakeHttpServer::response(204, {}); });
    const Credential c =
        addOAuth2Credential(testUrl.url(), key.value(QLatin1String("key_id")).toString(), secret);
    QVERIFY(c.id > 0);
    (void)m_window->model()->reload();
    const int row = m_window->model()->rowOf(c.id);
    QVERIFY(row >= 0);
    selectRow(row);
    QSignalSpy tested(keyActionsOf(*m_window), &KeyActions::tested);
    triggerAction(*m_window, "actionTestKey");
    QVERIFY(tested.wait(10000));
    QVERIFY2(tested.first().at(1).toBool(), qPrintable(m_window->statusBar()->currentMessage()));
    QCOMPARE(testUrl.requests.size(), 1);
    QVERIFY(!testUrl.requests.first().contains(secret.toUtf8()));
    QVERIFY(testUrl.requests.first().contains("Authorization: Bearer eyJ"));
}

void TestProviderCredentials::importedCredentialCanBeDeleted()
{
    QVERIFY(refreshNow());
    const Credential c =
        addOAuth2Credential(QUrl(QStringLiteral("https://api.example.com/health")),
                            QStringLiteral("vendor-client-1"), QStringLiteral("vendor-secret"));
    QVERIFY(c.id > 0);
    (void)m_window->model()->reload();
    selectRow(m_window->model()->rowOf(c.id));
    auto* remove = m_window->findChild<QAction*>(QStringLiteral("actionDelete"));
    QVERIFY(remove->isEnabled());
    m_fixture->stop(); // a hand-imported credential needs no service to be deleted
    QSignalSpy deleted(keyActionsOf(*m_window), &KeyActions::removed);
    scriptedQuestions().setNextAnswer(QMessageBox::Yes);
    remove->trigger();
    QVERIFY(deleted.wait(10000));
    QVERIFY(deleted.first().at(1).toBool());
    QCOMPARE(m_window->model()->rowOf(c.id), -1);
    std::optional<Expected<SecretBytes>> read;
    m_keychain->readSecret(c.keychainAccount(), [&](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
    QCOMPARE(read->ok() ? Error::Kind::Internal : read->error().kind(), Error::Kind::SecretNotFound);
}

void TestProviderCredentials::aProviderCredentialShowsHowItsTokenIsFetchedAndTested()
{
    // Its details showed Rotation, Project, Created by and Key user, all empty, and not its token URL,
    // client authentication, scope and test call.
    QVERIFY(refreshNow());
    const Credential c =
        addOAuth2Credential(QUrl(QStringLiteral("https://api.example.com/health")),
                            QStringLiteral("vendor-client-2"), QStringLiteral("vendor-secret"));
    QVERIFY(c.id > 0);
    (void)m_window->model()->reload();
    const auto shown = [this](const char* name) {
        const auto* value = m_window->findChild<QLabel*>(QLatin1String(name));
        return value && value->isVisibleTo(m_window) ? value->text() : QStringLiteral("(hidden)");
    };
    selectRow(m_window->model()->rowOf(c.id));
    QVERIFY(shown("detailTokenUrlLabel").endsWith(QStringLiteral("/oauth/token")));
    QCOMPARE(shown("detailClientAuthLabel"), QStringLiteral("HTTP Basic (RFC 6749)"));
    QCOMPARE(shown("detailScopeLabel"), QStringLiteral("None asked for"));
    QCOMPARE(shown("detailTestCallLabel"), QStringLiteral("https://api.example.com/health\nThe token is sent "
                                                          "in X-API-Key; 204 is expected."));
    for (const char* serviceOnly :
         {"detailRotationLabel", "detailProjectLabel", "detailCreatedByLabel", "detailUsernameLabel"})
        QCOMPARE(shown(serviceOnly), QStringLiteral("(hidden)"));
    selectRow(0); // a KeyDesk key: its own rows, none of a vendor's
    QCOMPARE(shown("detailTokenUrlLabel"), QStringLiteral("(hidden)"));
    QCOMPARE(shown("detailTestCallLabel"), QStringLiteral("(hidden)"));
    QVERIFY(shown("detailProjectLabel").startsWith(QStringLiteral("Default")));
}

void TestProviderCredentials::aProviderConnectionIsRemovedWithItsSecrets()
{
    QVERIFY(refreshNow());
    const Credential c =
        addOAuth2Credential(QUrl(QStringLiteral("https://api.example.com/health")),
                            QStringLiteral("vendor-client-2"), QStringLiteral("vendor-secret-2"));
    QVERIFY(c.id > 0);
    auto* pane = m_window->findChild<ConnectionsPane*>();
    QVERIFY(pane);
    QSignalSpy removed(pane, &ConnectionsPane::removed);
    scriptedQuestions().setNextAnswer(QMessageBox::Cancel);
    pane->remove(m_store->connection(c.connectionId).value());
    QTest::qWait(100);
    QCOMPARE(removed.count(), 0); // asked first; nothing happens on Cancel
    scriptedQuestions().setNextAnswer(QMessageBox::Yes);
    pane->remove(m_store->connection(c.connectionId).value());
    QVERIFY(removed.wait(10000));
    QVERIFY2(!removed.first().at(1).toBool(), qPrintable(removed.first().first().toString()));
    QVERIFY(!m_store->connection(c.connectionId).ok());
    std::optional<Expected<SecretBytes>> read;
    m_keychain->readSecret(c.keychainAccount(), [&](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
    QCOMPARE(read->ok() ? Error::Kind::Internal : read->error().kind(), Error::Kind::SecretNotFound);
    // The local service stays.
    removed.clear();
    scriptedQuestions().setNextAnswer(QMessageBox::Yes);
    pane->remove(m_store->connection(localConnectionId()).value());
    QVERIFY(removed.wait(10000));
    QVERIFY(removed.first().at(1).toBool());
    QVERIFY(m_store->connection(localConnectionId()).ok());
}

QTEST_MAIN(TestProviderCredentials)
#include "tst_providercredentials.moc"

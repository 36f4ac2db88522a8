#include "ServiceFixture.h"
#include "gui/ConnectServiceDialog.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"

#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTcpServer>
#include <QTest>

// "Connect to a Service": checked against a real keydesk-server, token kept in a real keychain.
class TestConnectServiceDialog : public QObject
{
    Q_OBJECT

private slots:
    void refusesPlainHttpToAnotherHost();
    void wrongTokenIsShownAndNothingSaved();
    void goodTokenGoesToTheKeychainAndUrlToTheInventory();
    void aSilentServiceGivesUpAtTheDeadline();

private:
    QNetworkAccessManager m_network;
    KeychainSecretStore m_keychain{QStringLiteral("keydesk-test")};
    QTemporaryDir m_dir;
    InventoryStore m_store;
    int m_inventories = 0;

    InventoryStore& freshInventory()
    {
        m_store.close();
        (void)m_store.open(m_dir.filePath(QStringLiteral("inventory-%1.sqlite").arg(++m_inventories)));
        return m_store;
    }
};

void TestConnectServiceDialog::refusesPlainHttpToAnotherHost()
{
    ConnectServiceDialog dialog(&m_network, freshInventory(), m_keychain);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))
        ->setText(QStringLiteral("http://keys.example.org"));
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))->setText(QStringLiteral("kda_x"));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("https")));
    QVERIFY(!dialog.connected());
    QCOMPARE(m_store.connections().value().size(), 0);
}

void TestConnectServiceDialog::wrongTokenIsShownAndNothingSaved()
{
    ServiceFixture f;
    QVERIFY(f.start());
    ConnectServiceDialog dialog(&m_network, freshInventory(), m_keychain);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(f.server().baseUrl().toString());
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))
        ->setText(QStringLiteral("kda_not_the_token"));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
    QVERIFY2(error->text().contains(QStringLiteral("did not accept this token")), qPrintable(error->text()));
    QVERIFY(!error->text().contains(
        QStringLiteral("Authorization: Bearer"))); // advice for API clients, not people
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.connected());
    QCOMPARE(m_store.connections().value().size(), 0);
}

void TestConnectServiceDialog::goodTokenGoesToTheKeychainAndUrlToTheInventory()
{
    ServiceFixture f;
    QVERIFY(f.start());
    ConnectServiceDialog dialog(&m_network, freshInventory(), m_keychain);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(f.server().baseUrl().toString());
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))
        ->setText(QString::fromStdString(f.adminToken));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 15000);
    // One place for a remote service, shared with keydesk-cli: its URL in the inventory, its token in the
    // keychain under the connection's uid.
    const QList<Connection> connections = m_store.connections().value();
    QCOMPARE(connections.size(), 1);
    const Connection team = connections.first();
    QCOMPARE(team.kind, Connection::Kind::KeyDeskService);
    QCOMPARE(team.url.port(), f.port());
    QVERIFY(!team.legacyKeychainNames);
    QVERIFY(dialog.connected());
    QCOMPARE(dialog.connected()->uid, team.uid);
    std::optional<Expected<SecretBytes>> read;
    m_keychain.readSecret(team.tokenAccount(),
                          [&read](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
    QVERIFY(read->ok());
    QCOMPARE(read->value().toByteArray().toStdString(), f.adminToken);
    // The inventory does not hold the token (the dialog does not touch the settings at all).
    QFile file(m_store.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(QByteArray::fromStdString(f.adminToken)));
}

// The check against the service keeps to the deadline set in Preferences, not a fixed 30 s: a service
// that takes the connection and never answers is given up on in time.
void TestConnectServiceDialog::aSilentServiceGivesUpAtTheDeadline()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ConnectServiceDialog dialog(&m_network, freshInventory(), m_keychain);
    dialog.setDeadlineMs(500);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))
        ->setText(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))->setText(QStringLiteral("kda_x"));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 5000);
    QVERIFY(dialog.connectButton()->isEnabled());
    QVERIFY(!dialog.connected());
}

QTEST_MAIN(TestConnectServiceDialog)
#include "tst_connectservicedialog.moc"

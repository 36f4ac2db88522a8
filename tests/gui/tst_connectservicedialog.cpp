#include "ServiceFixture.h"
#include "gui/ConnectServiceDialog.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"

#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>

// "Connect to a Service": checked against a real keydesk-server, token kept in a real keychain.
class TestConnectServiceDialog : public QObject
{
    Q_OBJECT

private slots:
    void refusesPlainHttpToAnotherHost();
    void wrongTokenIsShownAndNothingSaved();
    void goodTokenGoesToTheKeychainAndUrlToSettings();

private:
    QNetworkAccessManager m_network;
    KeychainSecretStore m_keychain{QStringLiteral("keydesk-test")};
    QTemporaryDir m_dir;
};

void TestConnectServiceDialog::refusesPlainHttpToAnotherHost()
{
    Settings settings(m_dir.filePath(QStringLiteral("a.ini")));
    ConnectServiceDialog dialog(&m_network, m_keychain, settings);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))
        ->setText(QStringLiteral("http://keys.example.org"));
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))->setText(QStringLiteral("kda_x"));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("https")));
    QVERIFY(settings.value(Settings::Key::RemoteServiceUrl).toString().isEmpty());
}

void TestConnectServiceDialog::wrongTokenIsShownAndNothingSaved()
{
    ServiceFixture f;
    QVERIFY(f.start());
    Settings settings(m_dir.filePath(QStringLiteral("b.ini")));
    ConnectServiceDialog dialog(&m_network, m_keychain, settings);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(f.server().baseUrl().toString());
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))
        ->setText(QStringLiteral("kda_not_the_token"));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
    QVERIFY2(error->text().contains(QStringLiteral("admin token")), qPrintable(error->text()));
    QVERIFY(dialog.isVisible());
    QVERIFY(settings.value(Settings::Key::RemoteServiceUrl).toString().isEmpty());
}

void TestConnectServiceDialog::goodTokenGoesToTheKeychainAndUrlToSettings()
{
    ServiceFixture f;
    QVERIFY(f.start());
    Settings settings(m_dir.filePath(QStringLiteral("c.ini")));
    ConnectServiceDialog dialog(&m_network, m_keychain, settings);
    dialog.show();
    dialog.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"))->setText(f.server().baseUrl().toString());
    dialog.findChild<QLineEdit*>(QStringLiteral("tokenLineEdit"))
        ->setText(QString::fromStdString(f.adminToken));
    QTest::mouseClick(dialog.connectButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 15000);
    QCOMPARE(QUrl(settings.value(Settings::Key::RemoteServiceUrl).toString()).port(), f.port());
    std::optional<Expected<SecretBytes>> read;
    m_keychain.readSecret(ConnectServiceDialog::tokenAccount(),
                          [&read](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
    QVERIFY(read->ok());
    QCOMPARE(read->value().toByteArray().toStdString(), f.adminToken);
    // The settings file never holds the token.
    QFile ini(settings.fileName());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains(QByteArray::fromStdString(f.adminToken)));
}

QTEST_MAIN(TestConnectServiceDialog)
#include "tst_connectservicedialog.moc"

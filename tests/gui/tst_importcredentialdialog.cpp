#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ServiceFixture.h"
#include "gui/ImportCredentialDialog.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTest>
#include <QToolButton>

// Adding a vendor credential by hand, against a real keychain; the OAuth2 "vendor" is a real keydesk-server.
class TestImportCredentialDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void presetsFillTheForm();
    void badInputIsRefusedAndNothingSaved_data();
    void badInputIsRefusedAndNothingSaved();
    void savedCredentialGetsATokenFromItsProvider();
    void issuerUrlIsDiscovered();
    void formHelpsWhileTyping();
    void anEmptyFormNamesAndFocusesTheFirstFieldToFill();
    void aClientsTestCallSendsItsTokenAsBearer();

private:
    template <typename T> T* child(QDialog& d, const char* name)
    {
        return d.findChild<T*>(QLatin1String(name));
    }
    void fillValid(ImportCredentialDialog& d, const QString& tokenUrl, const QString& id,
                   const QString& secret);

    QTemporaryDir* m_dir = nullptr;
    InventoryStore* m_store = nullptr;
    KeychainSecretStore m_keychain{QStringLiteral("keydesk")};
};

void TestImportCredentialDialog::init()
{
    m_dir = new QTemporaryDir;
    m_store = new InventoryStore;
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
}

void TestImportCredentialDialog::cleanup()
{
    delete m_store;
    delete m_dir;
}

void TestImportCredentialDialog::fillValid(ImportCredentialDialog& d, const QString& tokenUrl,
                                           const QString& id, const QString& secret)
{
    child<QLineEdit>(d, "connectionNameLineEdit")->setText(QStringLiteral("Vendor sandbox"));
    child<QLineEdit>(d, "tokenUrlLineEdit")->setText(tokenUrl);
    child<QLineEdit>(d, "nameLineEdit")->setText(QStringLiteral("Partner API"));
    child<QLineEdit>(d, "clientIdLineEdit")->setText(id);
    child<QLineEdit>(d, "secretLineEdit")->setText(secret);
}

void TestImportCredentialDialog::presetsFillTheForm()
{
    ImportCredentialDialog d(*m_store, m_keychain);
    child<QComboBox>(d, "presetComboBox")->setCurrentIndex(1);
    QCOMPARE(child<QComboBox>(d, "clientAuthComboBox")->currentText(), QStringLiteral("JSON body"));
    QCOMPARE(child<QPlainTextEdit>(d, "headersPlainTextEdit")->toPlainText(),
             QStringLiteral("X-Monite-Version: 2024-01-31"));
    QVERIFY(!child<QCheckBox>(d, "jsonBodyCheckBox")->isEnabled()); // credentials in the JSON body already
    child<QComboBox>(d, "presetComboBox")->setCurrentIndex(2);
    // m3ter's documentation: base64(id:secret) as curl -u builds it, and a JSON body.
    QCOMPARE(child<QComboBox>(d, "clientAuthComboBox")->currentText(),
             QStringLiteral("HTTP Basic (as curl -u)"));
    QVERIFY(child<QCheckBox>(d, "jsonBodyCheckBox")->isEnabled());
    QVERIFY(child<QCheckBox>(d, "jsonBodyCheckBox")->isChecked());
    child<QComboBox>(d, "presetComboBox")->setCurrentIndex(3);
    QCOMPARE(child<QComboBox>(d, "kindComboBox")->currentText(), QStringLiteral("API key"));
    QCOMPARE(child<QComboBox>(d, "testHeaderComboBox")->currentIndex(), 0); // X-API-Key
    QCOMPARE(child<QSpinBox>(d, "expectedStatusSpinBox")->value(), 204);
}

void TestImportCredentialDialog::badInputIsRefusedAndNothingSaved_data()
{
    QTest::addColumn<QString>("tokenUrl");
    QTest::addColumn<QString>("headers");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("plain http to another host")
        << QStringLiteral("http://api.example.com/oauth/token") << QString() << QStringLiteral("s")
        << QStringLiteral("https");
    QTest::newRow("header with a space in its name")
        << QStringLiteral("https://api.example.com/t") << QStringLiteral("X Bad: 1") << QStringLiteral("s")
        << QStringLiteral("not a header");
    QTest::newRow("authorization header")
        << QStringLiteral("https://api.example.com/t") << QStringLiteral("Authorization: Basic abc")
        << QStringLiteral("s") << QStringLiteral("sets this header itself");
    QTest::newRow("no secret") << QStringLiteral("https://api.example.com/t") << QString() << QString()
                               << QStringLiteral("Paste the secret");
}

void TestImportCredentialDialog::badInputIsRefusedAndNothingSaved()
{
    QFETCH(QString, tokenUrl);
    QFETCH(QString, headers);
    QFETCH(QString, secret);
    QFETCH(QString, mentions);
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    fillValid(d, tokenUrl, QStringLiteral("client-1"), secret);
    child<QPlainTextEdit>(d, "headersPlainTextEdit")->setPlainText(headers);
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    auto* error = child<QLabel>(d, "errorLabel");
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(mentions), qPrintable(error->text()));
    QVERIFY(d.isVisible());
    QCOMPARE(m_store->connections().value().size(), 0);
    QCOMPARE(m_store->countCredentials().value(), 0);
}

void TestImportCredentialDialog::savedCredentialGetsATokenFromItsProvider()
{
    ServiceFixture vendor;
    QVERIFY(vendor.start());
    const QJsonObject key = vendor.createKey(vendor.createProject(), QStringLiteral("issued to us"));
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    child<QComboBox>(d, "presetComboBox")->setCurrentIndex(2); // HTTP Basic as curl -u, JSON body
    const QString tokenUrl = vendor.server().baseUrl().toString() + QStringLiteral("/oauth/token");
    fillValid(d, tokenUrl, key.value(QLatin1String("key_id")).toString(),
              key.value(QLatin1String("secret")).toString());
    child<QLineEdit>(d, "testUrlLineEdit")
        ->setText(vendor.server().baseUrl().toString() + QStringLiteral("/health"));
    child<QCheckBox>(d, "expiresCheckBox")->setChecked(true);
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(d.result(), int(QDialog::Accepted), 10000);

    auto connections = m_store->connections();
    QCOMPARE(connections.value().size(), 1);
    const Connection connection = connections.value().first();
    QCOMPARE(connection.kind, Connection::Kind::OAuth2Provider);
    QCOMPARE(connection.provider.tokenUrl.toString(), tokenUrl);
    QCOMPARE(connection.provider.clientAuth, ProviderSettings::ClientAuth::HttpBasicRaw);
    QCOMPARE(connection.provider.bodyFormat, ProviderSettings::BodyFormat::Json);
    const Credential credential = m_store->credentials().value().first();
    QCOMPARE(credential.id, d.savedCredentialId());
    QCOMPARE(credential.keyId, key.value(QLatin1String("key_id")).toString());
    QCOMPARE(credential.last4, key.value(QLatin1String("secret")).toString().right(4));
    QVERIFY(credential.expiresAt.isValid());

    std::optional<Expected<SecretBytes>> secret;
    m_keychain.readSecret(credential.keychainAccount(),
                          [&](Expected<SecretBytes> r) { secret.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(secret.has_value(), 10000);
    KD_VERIFY_OK(*secret);
    QNetworkAccessManager network;
    TokenClient tokens(&network);
    std::optional<Expected<AccessToken>> token;
    tokens.requestToken(connection.provider, credential.keyId, secret->value(),
                        [&](Expected<AccessToken> r) { token.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 10000);
    KD_VERIFY_OK(*token);
}

void TestImportCredentialDialog::issuerUrlIsDiscovered()
{
    QString issuer;
    FakeHttpServer server([&](const QByteArray& request) {
        if (!request.startsWith("GET /.well-known/oauth-authorization-server")) // (any tenant: see below)
            return FakeHttpServer::response(404, "{}");
        return FakeHttpServer::response(
            200, QStringLiteral(R"({"issuer":"%1","token_endpoint":"%1/oauth2/token",)"
                                R"("token_endpoint_auth_methods_supported":["client_secret_post"],)"
                                R"("scopes_supported":["invoices.read","invoices.write"]})")
                     .arg(issuer)
                     .toUtf8());
    });
    issuer = server.url().toString();
    QNetworkAccessManager network;
    ImportCredentialDialog d(*m_store, m_keychain);
    d.enableDiscovery(&network, 15000);
    d.show();
    QVERIFY(child<QPushButton>(d, "discoverButton")->isVisible());
    child<QLineEdit>(d, "issuerLineEdit")->setText(issuer);
    QTest::mouseClick(child<QPushButton>(d, "discoverButton"), Qt::LeftButton);
    auto* found = child<QLabel>(d, "discoveryLabel");
    QTRY_VERIFY_WITH_TIMEOUT(found->text().startsWith(QStringLiteral("Found at")), 10000);
    // What the metadata says, and why that method: the user sees it and can still change it.
    QVERIFY2(found->text().contains(QStringLiteral("client_secret_post")), qPrintable(found->text()));
    QVERIFY(found->text().contains(QStringLiteral("invoices.write")));
    QCOMPARE(child<QLineEdit>(d, "tokenUrlLineEdit")->text(), issuer + QStringLiteral("/oauth2/token"));
    QCOMPARE(child<QComboBox>(d, "clientAuthComboBox")->currentData().toInt(),
             int(ProviderSettings::ClientAuth::FormPost));
    QVERIFY(child<QLineEdit>(d, "scopeLineEdit")->completer());

    // The issuer is kept with the connection.
    child<QLineEdit>(d, "connectionNameLineEdit")->setText(QStringLiteral("Discovered"));
    child<QLineEdit>(d, "nameLineEdit")->setText(QStringLiteral("Invoices"));
    child<QLineEdit>(d, "clientIdLineEdit")->setText(QStringLiteral("client-7"));
    child<QLineEdit>(d, "secretLineEdit")->setText(QStringLiteral("s3cret"));
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(d.result(), int(QDialog::Accepted), 10000);
    const Connection saved = m_store->connections().value().first();
    QCOMPARE(saved.provider.issuer.toString(), issuer);
    QCOMPARE(saved.provider.clientAuth, ProviderSettings::ClientAuth::FormPost);

    // A document speaking for another issuer (the root, asked for a tenant) is refused and says why; nothing
    // is filled in.
    ImportCredentialDialog again(*m_store, m_keychain);
    again.enableDiscovery(&network, 15000);
    child<QLineEdit>(again, "issuerLineEdit")->setText(issuer + QStringLiteral("/other-tenant"));
    QTest::mouseClick(child<QPushButton>(again, "discoverButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !child<QLabel>(again, "discoveryLabel")->text().contains(QStringLiteral("\u2026")), 10000);
    QVERIFY2(child<QLabel>(again, "discoveryLabel")->text().contains(QStringLiteral("mix-up")),
             qPrintable(child<QLabel>(again, "discoveryLabel")->text()));
    QVERIFY(child<QLineEdit>(again, "tokenUrlLineEdit")->text().isEmpty());

    // Discovery keeps to the request deadline it is given (Preferences'), not a fixed 15 s.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ImportCredentialDialog patient(*m_store, m_keychain);
    patient.enableDiscovery(&network, 500);
    child<QLineEdit>(patient, "issuerLineEdit")
        ->setText(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
    QTest::mouseClick(child<QPushButton>(patient, "discoverButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !child<QLabel>(patient, "discoveryLabel")->text().contains(QStringLiteral("\u2026")), 5000);
    QVERIFY(child<QPushButton>(patient, "discoverButton")->isEnabled());
}

// Issue 15, item 10: a pointed-out problem goes once the form changes; the secret can be shown while checked;
// the API-key kind leaves no blank gap where the token endpoint was.
void TestImportCredentialDialog::formHelpsWhileTyping()
{
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    auto* error = child<QLabel>(d, "errorLabel");
    QVERIFY(error->text().contains(QStringLiteral("name")));
    QTest::keyClicks(child<QLineEdit>(d, "connectionNameLineEdit"), QStringLiteral("Vendor"));
    QVERIFY2(error->text().isEmpty(), qPrintable(error->text()));

    auto* secret = child<QLineEdit>(d, "secretLineEdit");
    auto* show = child<QToolButton>(d, "showSecretButton");
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);

    const int oauthHeight = d.height();
    child<QComboBox>(d, "kindComboBox")->setCurrentIndex(1); // API key
    QVERIFY2(d.height() < oauthHeight - 100,
             qPrintable(QStringLiteral("%1 -> %2").arg(oauthHeight).arg(d.height())));
    QVERIFY(d.height() >= d.minimumSizeHint().height());
}

void TestImportCredentialDialog::anEmptyFormNamesAndFocusesTheFirstFieldToFill()
{
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    QVERIFY(QTest::qWaitForWindowActive(&d));
    auto* error = child<QLabel>(d, "errorLabel");
    // Field after field, as the form reads (it said "Enter a name for the key." with Connection empty).
    const QList<QPair<const char*, const char*>> order{{"connectionNameLineEdit", "connection a name"},
                                                       {"tokenUrlLineEdit", "token URL"},
                                                       {"clientIdLineEdit", "client ID"},
                                                       {"secretLineEdit", "secret"},
                                                       {"nameLineEdit", "name for the key"}};
    for (const auto& [field, says] : order) {
        const QPoint before = child<QLineEdit>(d, "nameLineEdit")->mapTo(&d, QPoint());
        QTest::mouseClick(d.saveButton(), Qt::LeftButton);
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QLatin1String(says)), qPrintable(error->text()));
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(d, field));
        // The message appearing moves no field: the next click lands where it was aimed.
        QCOMPARE(child<QLineEdit>(d, "nameLineEdit")->mapTo(&d, QPoint()), before);
        QTest::keyClicks(child<QLineEdit>(d, field), QStringLiteral("x"));
        if (QLatin1String(field) == QLatin1String("tokenUrlLineEdit"))
            child<QLineEdit>(d, field)->setText(QStringLiteral("https://api.example.com/oauth/token"));
    }
}

void TestImportCredentialDialog::aClientsTestCallSendsItsTokenAsBearer()
{
    ImportCredentialDialog d(*m_store, m_keychain);
    auto* sendAs = child<QComboBox>(d, "testHeaderComboBox");
    auto* kind = child<QComboBox>(d, "kindComboBox");
    QCOMPARE(sendAs->currentData().toInt(), int(ProviderSettings::HeaderStyle::Bearer)); // was X-API-Key
    kind->setCurrentIndex(kind->findData(int(Connection::Kind::ApiKeyProvider)));
    QCOMPARE(sendAs->currentData().toInt(), int(ProviderSettings::HeaderStyle::XApiKey));
    kind->setCurrentIndex(kind->findData(int(Connection::Kind::OAuth2Provider)));
    QCOMPARE(sendAs->currentData().toInt(), int(ProviderSettings::HeaderStyle::Bearer));
}

QTEST_MAIN(TestImportCredentialDialog)
#include "tst_importcredentialdialog.moc"

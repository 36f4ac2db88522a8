#include "ExpectedHelpers.h"
#include "FakeHttpServer.h"
#include "ScriptedQuestions.h"
#include "ServiceFixture.h"
#include "gui/Clipboard.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/PublicKeyDialog.h"
#include "net/ClientAssertion.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"
#include "storage/KeychainSecretStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>
#include <openssl/evp.h>
#include <openssl/pem.h>

// private_key_jwt in the app, against a real keychain: a key pair made in Add Provider Credential (or an
// encrypted PEM brought in) goes to the keychain, the inventory lists it by its key id, the main window shows
// its public key for the vendor's console, and a vendor that knows that key gives a token.
class TestPrivateKeyCredential : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init();
    void cleanup();
    void formShowsKeyFieldsOnlyForPrivateKeyJwt();
    void generatedKeyIsKeptAndItsPublicKeyShown();
    void encryptedPemNeedsItsPassphrase();
    void aKeyNeverJoinsAConnectionThatSendsSecrets();

private:
    template <typename T> static T* child(QWidget& w, const char* name)
    {
        return w.findChild<T*>(QLatin1String(name));
    }
    static void fillSigned(ImportCredentialDialog& d, const QString& tokenUrl, const QString& clientId);
    Expected<SecretBytes> keychainSecret(const Credential& c);

    QTemporaryDir* m_dir = nullptr;
    InventoryStore* m_store = nullptr;
    KeychainSecretStore m_keychain{QStringLiteral("keydesk-test")};
};

void TestPrivateKeyCredential::init()
{
    m_dir = new QTemporaryDir;
    m_store = new InventoryStore;
    KD_VERIFY_OK(m_store->open(m_dir->filePath(QStringLiteral("inventory.sqlite"))));
}

void TestPrivateKeyCredential::cleanup()
{
    delete m_store;
    delete m_dir;
}

void TestPrivateKeyCredential::fillSigned(ImportCredentialDialog& d, const QString& tokenUrl,
                                          const QString& clientId)
{
    child<QLineEdit>(d, "connectionNameLineEdit")->setText(QStringLiteral("Signed vendor"));
    child<QLineEdit>(d, "tokenUrlLineEdit")->setText(tokenUrl);
    auto* auth = child<QComboBox>(d, "clientAuthComboBox");
    auth->setCurrentIndex(auth->findData(int(ProviderSettings::ClientAuth::PrivateKeyJwt)));
    child<QLineEdit>(d, "nameLineEdit")->setText(QStringLiteral("Signed client"));
    child<QLineEdit>(d, "clientIdLineEdit")->setText(clientId);
}

Expected<SecretBytes> TestPrivateKeyCredential::keychainSecret(const Credential& c)
{
    std::optional<Expected<SecretBytes>> read;
    m_keychain.readSecret(c.keychainAccount(), [&](Expected<SecretBytes> r) { read.emplace(std::move(r)); });
    if (!QTest::qWaitFor([&] { return read.has_value(); }, 10000))
        return Error(Error::Kind::Timeout, QStringLiteral("keychain"));
    return std::move(*read);
}

void TestPrivateKeyCredential::formShowsKeyFieldsOnlyForPrivateKeyJwt()
{
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    auto* secret = child<QLineEdit>(d, "secretLineEdit");
    auto* source = child<QComboBox>(d, "keySourceComboBox");
    auto* pem = child<QPlainTextEdit>(d, "keyPemPlainTextEdit");
    QVERIFY(secret->isVisible());
    QVERIFY(!source->isVisible());
    fillSigned(d, QStringLiteral("https://auth.example.com/token"), QStringLiteral("c-1"));
    QVERIFY(!secret->isVisible()); // nothing to paste: the key is made here or brought in
    QVERIFY(source->isVisible());
    QVERIFY(child<QLineEdit>(d, "assertionAudienceLineEdit")->isVisible());
    QVERIFY(!pem->isVisible());
    source->setCurrentIndex(source->findData(-1));
    QVERIFY(pem->isVisible());
    QVERIFY(child<QLineEdit>(d, "passphraseLineEdit")->isVisible());
    // Not a key: refused, nothing saved.
    pem->setPlainText(QStringLiteral("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"));
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QVERIFY(!child<QLabel>(d, "errorLabel")->text().isEmpty());
    QCOMPARE(d.result(), 0);
    QVERIFY(m_store->credentials().value().isEmpty());
    // Back to a secret: the key rows go away again.
    auto* auth = child<QComboBox>(d, "clientAuthComboBox");
    auth->setCurrentIndex(auth->findData(int(ProviderSettings::ClientAuth::HttpBasic)));
    QVERIFY(secret->isVisible());
    QVERIFY(!pem->isVisible());
}

void TestPrivateKeyCredential::generatedKeyIsKeptAndItsPublicKeyShown()
{
    // The vendor: answers only an assertion whose kid it was given (what the user copies from the dialog).
    QSet<QString> registered;
    FakeHttpServer vendor([&](const QByteArray& request) {
        const QByteArray body = request.mid(request.indexOf("\r\n\r\n") + 4);
        const QByteArray assertion = QUrlQuery(QString::fromLatin1(body))
                                         .queryItemValue(QStringLiteral("client_assertion"))
                                         .toLatin1();
        const QJsonObject header =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(assertion.split('.').value(0), QByteArray::Base64UrlEncoding))
                .object();
        if (!registered.contains(header.value(QLatin1String("kid")).toString()))
            return FakeHttpServer::response(401, R"({"error":"invalid_client"})");
        return FakeHttpServer::response(200,
                                        R"({"access_token":"t0k3n","token_type":"Bearer","expires_in":60})");
    });
    const QString tokenUrl = vendor.url().toString() + QStringLiteral("/token");

    ServiceFixture local;
    QVERIFY(local.start());
    Connection embedded;
    embedded.name = QStringLiteral("Local");
    embedded.embedded = true;
    const qint64 localId = m_store->addConnection(embedded).value();
    QNetworkAccessManager network;
    ServiceSessions sessions(*m_store, &network, 10000);
    sessions.open(localId, local.server().baseUrl(),
                  SecretBytes(QByteArray::fromStdString(local.adminToken)));
    Settings settings(m_dir->filePath(QStringLiteral("settings.ini")));
    Clipboard clipboard;
    MainWindow window(*m_store, sessions, &m_keychain, clipboard, settings);
    window.show();

    // File → Add Provider Credential, with a key pair made here (RS256).
    QTimer::singleShot(50, this, [tokenUrl] {
        auto* d = qobject_cast<ImportCredentialDialog*>(QApplication::activeModalWidget());
        QVERIFY(d);
        fillSigned(*d, tokenUrl, QStringLiteral("client-42"));
        auto* source = child<QComboBox>(*d, "keySourceComboBox");
        source->setCurrentIndex(source->findData(int(ClientAssertion::Algorithm::RS256)));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        // Still open a moment later means the save failed: close it so the test fails instead of hanging.
        QTimer::singleShot(5000, d, [d] {
            if (d->isVisible())
                d->reject();
        });
    });
    child<QAction>(window, "actionImportCredential")->trigger();

    // The public key comes up on its own, for the vendor's console.
    PublicKeyDialog* shown = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((shown = window.findChild<PublicKeyDialog*>()) && shown->isVisible(), 10000);
    const QList<Credential> all = m_store->credentials().value();
    QCOMPARE(all.size(), 1);
    const Credential saved = all.first();
    auto kept = keychainSecret(saved);
    KD_VERIFY_OK(kept);
    QVERIFY(kept.value().toByteArray().startsWith("-----BEGIN PRIVATE KEY-----"));
    const ClientAssertion::PublicKey expected = ClientAssertion::publicKey(kept.value()).value();
    QCOMPARE(expected.algorithm, ClientAssertion::Algorithm::RS256);
    QCOMPARE(saved.last4, expected.kid.right(4)); // listed by its key id, not the PEM's dashes
    const QJsonObject jwks = QJsonDocument::fromJson(shown->shownText().toUtf8()).object();
    const QJsonObject jwk = jwks.value(QLatin1String("keys")).toArray().first().toObject();
    QCOMPARE(jwk.value(QLatin1String("kid")).toString(), expected.kid);
    QVERIFY(!jwk.contains(QLatin1String("d"))); // never the private half
    QCOMPARE(child<QLabel>(*shown, "kidLabel")->text(), expected.kid);

    // PEM, copied and saved.
    shown->setFormat(PublicKeyDialog::Format::Pem);
    QVERIFY(shown->shownText().startsWith(QStringLiteral("-----BEGIN PUBLIC KEY-----")));
    shown->copy();
    QCOMPARE(QApplication::clipboard()->text(), shown->shownText());
    QVERIFY(child<QLabel>(*shown, "feedbackLabel")->text().contains(QStringLiteral("Copied")));
    const QString file = m_dir->filePath(QStringLiteral("client-42.pub.pem"));
    scriptedQuestions().setNextFileName(file);
    shown->saveAs();
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromLatin1(written.readAll()), shown->shownText());
    shown->close();

    // Registered at the vendor, the kept key gets a token.
    registered.insert(jwk.value(QLatin1String("kid")).toString());
    const Connection connection = m_store->connection(saved.connectionId).value();
    TokenClient tokens(&network);
    std::optional<Expected<AccessToken>> token;
    tokens.requestToken(connection.provider, saved.keyId, kept.value(),
                        [&](Expected<AccessToken> r) { token.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(token.has_value(), 10000);
    KD_VERIFY_OK(*token);

    // Later, from the Keys menu, for the selected credential.
    auto* showKey = child<QAction>(window, "actionShowPublicKey");
    auto* table = child<QTableView>(window, "inventoryTableView");
    QTRY_VERIFY(window.model()->rowOf(saved.id) >= 0);
    table->selectRow(window.model()->rowOf(saved.id));
    QVERIFY(showKey->isEnabled());
    QTRY_VERIFY(!window.findChild<PublicKeyDialog*>()); // the first one is gone (deleted on close)
    showKey->trigger();
    QTRY_VERIFY_WITH_TIMEOUT((shown = window.findChild<PublicKeyDialog*>()) && shown->isVisible(), 10000);
    QVERIFY(shown->shownText().contains(expected.kid));
    shown->close();
    table->clearSelection();
    QVERIFY(!showKey->isEnabled());
}

namespace {

SecretBytes encryptedPem(const SecretBytes& pkcs8, const char* passphrase)
{
    BIO* in = BIO_new_mem_buf(pkcs8.data(), int(pkcs8.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8PrivateKey(out, key, EVP_aes_256_cbc(), passphrase, int(strlen(passphrase)), nullptr,
                                  nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    SecretBytes result(QByteArray(data, int(size)));
    BIO_free(out);
    EVP_PKEY_free(key);
    BIO_free(in);
    return result;
}

} // namespace

void TestPrivateKeyCredential::encryptedPemNeedsItsPassphrase()
{
    const SecretBytes key = ClientAssertion::generateKey(ClientAssertion::Algorithm::ES256).value();
    const QString kid = ClientAssertion::publicKey(key).value().kid;
    const SecretBytes encrypted = encryptedPem(key, "correct horse");
    QVERIFY(encrypted.toByteArray().contains("ENCRYPTED"));
    const QString file = m_dir->filePath(QStringLiteral("client.key"));
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(encrypted.toByteArray());
    }
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    fillSigned(d, QStringLiteral("https://auth.example.com/token"), QStringLiteral("c-enc"));
    auto* source = child<QComboBox>(d, "keySourceComboBox");
    source->setCurrentIndex(source->findData(-1));
    scriptedQuestions().setNextFileName(file);
    QTest::mouseClick(child<QPushButton>(d, "loadKeyButton"), Qt::LeftButton);
    // Loaded, not shown: a private key on screen ends up in screen shares.
    auto* pemEdit = child<QPlainTextEdit>(d, "keyPemPlainTextEdit");
    QVERIFY(pemEdit->toPlainText().isEmpty());
    QVERIFY(pemEdit->placeholderText().contains(file));
    auto* error = child<QLabel>(d, "errorLabel");
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QVERIFY2(error->text().contains(QStringLiteral("enter its passphrase")), qPrintable(error->text()));
    child<QLineEdit>(d, "passphraseLineEdit")->setText(QStringLiteral("battery staple"));
    error->clear();
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QVERIFY2(error->text().contains(QStringLiteral("could not be decrypted")), qPrintable(error->text()));
    QTest::qWait(100); // (a save would be asynchronous: give a wrong one the time to show)
    QCOMPARE(d.result(), 0);
    QVERIFY(m_store->credentials().value().isEmpty());
    child<QLineEdit>(d, "passphraseLineEdit")->setText(QStringLiteral("correct horse"));
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(d.result(), int(QDialog::Accepted), 10000);
    QVERIFY(d.savedSignsWithKey());
    const Credential saved = m_store->credentials().value().first();
    auto kept = keychainSecret(saved);
    KD_VERIFY_OK(kept);
    QVERIFY(!kept.value().toByteArray().contains("ENCRYPTED")); // kept as plain PKCS#8 in the keychain
    QCOMPARE(ClientAssertion::publicKey(kept.value()).value().kid, kid); // the same key
}

// The dialog reuses a connection of the same name: one that sends a client secret must not be given a private
// key as its "secret" (it would go out in the Authorization header).
void TestPrivateKeyCredential::aKeyNeverJoinsAConnectionThatSendsSecrets()
{
    Connection basic;
    basic.name = QStringLiteral("Signed vendor"); // the name fillSigned() types
    basic.kind = Connection::Kind::OAuth2Provider;
    basic.provider.tokenUrl = QUrl(QStringLiteral("https://auth.example.com/token"));
    basic.provider.clientAuth = ProviderSettings::ClientAuth::HttpBasic;
    KD_VERIFY_OK(m_store->addConnection(basic));
    ImportCredentialDialog d(*m_store, m_keychain);
    d.show();
    fillSigned(d, QStringLiteral("https://auth.example.com/token"), QStringLiteral("c-mixed"));
    auto* error = child<QLabel>(d, "errorLabel");
    QTest::mouseClick(d.saveButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!error->text().isEmpty(), 10000);
    QVERIFY2(error->text().contains(QStringLiteral("connection of its own")), qPrintable(error->text()));
    QCOMPARE(d.result(), 0);
    QVERIFY(m_store->credentials().value().isEmpty());
    QCOMPARE(m_store->connections().value().first().provider.clientAuth,
             ProviderSettings::ClientAuth::HttpBasic);
}

QTEST_MAIN(TestPrivateKeyCredential)
#include "tst_privatekeycredential.moc"

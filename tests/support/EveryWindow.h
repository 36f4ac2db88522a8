#pragma once

#include "ExpectedHelpers.h"
#include "MemorySecretStore.h"
#include "gui/Clipboard.h"
#include "gui/ConnectServiceDialog.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/HelpDialogs.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/MainWindow.h"
#include "gui/PreferencesDialog.h"
#include "gui/PublicKeyDialog.h"
#include "gui/SecretDialog.h"
#include "gui/TokenGeneratorDialog.h"
#include "gui/UserGuideWindow.h"
#include "net/ClientAssertion.h"
#include "net/ServiceClient.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/InventoryStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

// The main window and every dialog, each built with plausible content and shown, one after another, for
// tests that look at all of them (accessible names, untranslated text). A dialog added to the app belongs
// here too.
class EveryWindow
{
public:
    using Visit = std::function<void(QWidget& window, const QString& name)>;

    // Call inside a test function: fixtures that fail are reported through QVERIFY.
    void forEach(const Visit& visit)
    {
        KD_VERIFY_OK(m_store.open(m_dir.filePath(QStringLiteral("inventory.sqlite"))));
        Connection local;
        local.name = QStringLiteral("Local");
        local.embedded = true;
        KD_VERIFY_OK(m_store.addConnection(local));
        auto show = [&](QWidget& window, const char* name) {
            window.show();
            (void)QTest::qWaitForWindowExposed(&window);
            visit(window, QLatin1String(name));
            window.hide();
        };
        ServiceSessions sessions(m_store, &m_network, 5000);
        Settings settings(m_dir.filePath(QStringLiteral("settings.ini")));
        MainWindow window(m_store, sessions, &m_secrets, m_clipboard, settings);
        show(window, "MainWindow");

        ServiceClient client(&m_network, QUrl(QStringLiteral("http://127.0.0.1:9")), SecretBytes());
        Project project;
        project.id = QStringLiteral("prj_1");
        project.name = QStringLiteral("Default");
        GenerateKeyDialog generate(client, {project}, project.id, 10);
        show(generate, "GenerateKeyDialog");
        SecretDialog secret(QStringLiteral("kd_A"), SecretBytes(QByteArrayLiteral("kds_x")),
                            QStringLiteral("t/1"), &m_secrets, m_clipboard);
        secret.showProject(project.id, project.name);
        secret.nameKey(QStringLiteral("Billing"));
        show(secret, "SecretDialog");
        TokenClient tokens(&m_network);
        TestCall tests(&m_network);
        TokenSource source;
        source.label = QStringLiteral("Local \u2014 Support desk");
        TokenGeneratorDialog generator({source}, tokens, tests, m_secrets, m_clipboard);
        show(generator, "TokenGeneratorDialog");
        ImportCredentialDialog import(m_store, m_secrets);
        import.enableDiscovery(&m_network, 5000); // as the app does
        show(import, "ImportCredentialDialog");
        // Its other forms: an API key, and an OAuth2 client that signs with a private key it is given.
        ImportCredentialDialog apiKey(m_store, m_secrets);
        apiKey.enableDiscovery(&m_network, 5000);
        auto* kind = apiKey.findChild<QComboBox*>(QStringLiteral("kindComboBox"));
        kind->setCurrentIndex(kind->findData(int(Connection::Kind::ApiKeyProvider)));
        show(apiKey, "ImportCredentialDialog (API key)");
        ImportCredentialDialog signing(m_store, m_secrets);
        signing.enableDiscovery(&m_network, 5000);
        auto* auth = signing.findChild<QComboBox*>(QStringLiteral("clientAuthComboBox"));
        auth->setCurrentIndex(auth->findData(int(ProviderSettings::ClientAuth::PrivateKeyJwt)));
        auto* keySource = signing.findChild<QComboBox*>(QStringLiteral("keySourceComboBox"));
        keySource->setCurrentIndex(keySource->findData(-1));
        show(signing, "ImportCredentialDialog (private key)");
        ConnectServiceDialog connect(&m_network, m_store, m_secrets);
        show(connect, "ConnectServiceDialog");
        PreferencesDialog preferences(settings);
        show(preferences, "PreferencesDialog");
        const auto key = ClientAssertion::publicKey(
            ClientAssertion::generateKey(ClientAssertion::Algorithm::ES256).value());
        KD_VERIFY_OK(key);
        PublicKeyDialog publicKey(key.value(), QStringLiteral("client"), m_clipboard);
        show(publicKey, "PublicKeyDialog");
        show(*HelpDialogs::about(settings.fileName(), &window), "AboutDialog");
        show(*HelpDialogs::shortcuts(window.findChildren<QAction*>(), &window), "KeyboardShortcuts");
        UserGuideWindow guide(UserGuideWindow::installedHelpDir());
        show(guide, "UserGuideWindow");
    }

private:
    QTemporaryDir m_dir;
    InventoryStore m_store;
    QNetworkAccessManager m_network;
    MemorySecretStore m_secrets;
    Clipboard m_clipboard;
};

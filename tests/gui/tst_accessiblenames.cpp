#include "ExpectedHelpers.h"
#include "MemorySecretStore.h"
#include "gui/Clipboard.h"
#include "gui/ConnectServiceDialog.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/MainWindow.h"
#include "gui/PreferencesDialog.h"
#include "gui/PublicKeyDialog.h"
#include "gui/SecretDialog.h"
#include "gui/TokenGeneratorDialog.h"
#include "net/ClientAssertion.h"
#include "net/ServiceClient.h"
#include "net/TestCall.h"
#include "net/TokenClient.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

// A screen reader names every control a person can reach: each visible, enabled-or-not interactive widget
// of every window and dialog has an accessible name -- its own, its text, or its label's (buddy) -- as
// Qt's accessibility layer reports it to the screen reader.
class TestAccessibleNames : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void mainWindow();
    void dialogs();

private:
    static QStringList unnamed(QWidget* window);

    QTemporaryDir m_dir;
    InventoryStore m_store;
    QNetworkAccessManager m_network;
    MemorySecretStore m_secrets;
    Clipboard m_clipboard;
};

void TestAccessibleNames::initTestCase()
{
    KD_VERIFY_OK(m_store.open(m_dir.filePath(QStringLiteral("inventory.sqlite"))));
    Connection local;
    local.name = QStringLiteral("Local");
    local.embedded = true;
    KD_VERIFY_OK(m_store.addConnection(local));
}

void TestAccessibleNames::cleanupTestCase() {}

QStringList TestAccessibleNames::unnamed(QWidget* window)
{
    window->show();
    (void)QTest::qWaitForWindowExposed(window);
    QStringList missing;
    for (QWidget* w : window->findChildren<QWidget*>()) {
        const bool interactive = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w) ||
                                 qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
                                 qobject_cast<QAbstractItemView*>(w) || qobject_cast<QPlainTextEdit*>(w);
        if (!interactive || !w->isVisibleTo(window) || w->focusPolicy() == Qt::NoFocus)
            continue;
        if (qobject_cast<QLineEdit*>(w) && (qobject_cast<QComboBox*>(w->parentWidget()) ||
                                            qobject_cast<QAbstractSpinBox*>(w->parentWidget())))
            continue; // a combo or spin box's own line edit: the box is what is named
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(w);
        const QString name = accessible ? accessible->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            missing << QStringLiteral("%1 (%2)").arg(w->objectName(),
                                                     QString::fromLatin1(w->metaObject()->className()));
    }
    window->hide();
    return missing;
}

void TestAccessibleNames::mainWindow()
{
    ServiceSessions sessions(m_store, &m_network, 5000);
    Settings settings(m_dir.filePath(QStringLiteral("settings.ini")));
    MainWindow window(m_store, sessions, &m_secrets, m_clipboard, settings);
    const QStringList missing = unnamed(&window);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
}

void TestAccessibleNames::dialogs()
{
    QStringList missing;
    ServiceClient client(&m_network, QUrl(QStringLiteral("http://127.0.0.1:9")), SecretBytes());
    Project project;
    project.id = QStringLiteral("prj_1");
    project.name = QStringLiteral("Default");
    GenerateKeyDialog generate(client, {project}, project.id, 10);
    missing << unnamed(&generate);
    SecretDialog secret(QStringLiteral("kd_A"), SecretBytes(QByteArrayLiteral("kds_x")),
                        QStringLiteral("t/1"), &m_secrets, m_clipboard);
    secret.showProject(project.id, project.name);
    missing << unnamed(&secret);
    TokenClient tokens(&m_network);
    TestCall tests(&m_network);
    TokenSource source;
    source.label = QStringLiteral("Local \u2014 Support desk");
    TokenGeneratorDialog generator({source}, tokens, tests, m_secrets, m_clipboard);
    missing << unnamed(&generator);
    ImportCredentialDialog import(m_store, m_secrets);
    missing << unnamed(&import);
    ConnectServiceDialog connect(&m_network, m_store, m_secrets);
    missing << unnamed(&connect);
    Settings settings(m_dir.filePath(QStringLiteral("prefs.ini")));
    PreferencesDialog preferences(settings);
    missing << unnamed(&preferences);
    const auto key =
        ClientAssertion::publicKey(ClientAssertion::generateKey(ClientAssertion::Algorithm::ES256).value());
    KD_VERIFY_OK(key);
    PublicKeyDialog publicKey(key.value(), QStringLiteral("client"), m_clipboard);
    missing << unnamed(&publicKey);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
}

QTEST_MAIN(TestAccessibleNames)
#include "tst_accessiblenames.moc"

#include "ExpectedHelpers.h"
#include "MemorySecretStore.h"
#include "ServiceFixture.h"
#include "WindowAction.h"
#include "WindowRig.h"
#include "gui/Clipboard.h"
#include "gui/GenerateKeyDialog.h"
#include "gui/ImportCredentialDialog.h"
#include "gui/InventoryTableModel.h"
#include "gui/MainWindow.h"
#include "gui/SecretDialog.h"
#include "gui/TokenGeneratorDialog.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <functional>

// Every flow done with the keyboard alone (issue 14): generate, copy-once, token, test, import, rotate,
// export. Keys go where the keyboard focus is, as a person's would -- mnemonics, shortcuts, Tab, Space,
// Return -- never a click and never a call on a widget. Dialogs run in exec(), so what is done in each is
// queued before the key that opens it and runs when it is the active modal window.
class TestKeyboardFlows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { InventoryTableModel::setFirstBatchWaitMs(10000); }
    void init();
    void cleanup();
    void generateAndCopyTheSecretOnce();
    void tokenAndTestCalls();
    void addProviderCredential();
    void rotate();
    void exportTheInventory();

private:
    MainWindow* window() const { return m_rig->window.get(); }
    using Step = std::function<void(QWidget& dialog)>;
    // Runs `step` in the next modal dialog of type T; the step must leave it closed.
    template <class T> void inDialog(const std::function<void(T&)>& step);
    void runQueued();
    // To the open menu or popup, else the focus widget, else the active window: where a key would go.
    static void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier, QChar character = {});
    static void type(const QString& text);
    static bool tabTo(QWidget* target);
    static bool closed(QWidget& dialog);
    void copyOnceSteps(SecretDialog& dialog);
    bool findAndSelect(const QString& name);
    bool refreshNow();
    std::optional<Credential> named(const QString& name) const;
    void storeSecret(const QString& name, const QString& secret);

    struct Queued
    {
        const QMetaObject* type;
        Step step;
    };
    QList<Queued> m_queue;
    QStringList m_problems; // from inside the dialogs, where a failed QVERIFY cannot end the test
    QTimer m_poll;

    ServiceFixture* m_fixture = nullptr;
    MemorySecretStore* m_keychain = nullptr;
    WindowRig* m_rig = nullptr;
    QString m_monitoringSecret;
};

template <class T> void TestKeyboardFlows::inDialog(const std::function<void(T&)>& step)
{
    m_queue.append({&T::staticMetaObject, [step](QWidget& dialog) {
                        step(static_cast<T&>(dialog));
                    }});
}

void TestKeyboardFlows::runQueued()
{
    QWidget* modal = QApplication::activeModalWidget();
    if (m_queue.isEmpty() || !modal || !modal->isVisible() ||
        !m_queue.first().type->cast(static_cast<QObject*>(modal)))
        return;
    const Queued next = m_queue.takeFirst();
    QApplication::setActiveWindow(modal);
    next.step(*modal);
    if (modal->isVisible()) { // never hang in exec(): say so and close it
        m_problems << QStringLiteral("%1 was left open").arg(QString::fromLatin1(next.type->className()));
        qobject_cast<QDialog*>(modal)->reject();
    }
}

void TestKeyboardFlows::press(int key, Qt::KeyboardModifiers modifiers, QChar character)
{
    QWidget* target = QApplication::activePopupWidget();
    if (!target)
        target = QApplication::focusWidget();
    if (!target)
        target = QApplication::activeWindow();
    if (!target) { // a dialog has closed: a window manager activates the main window again, offscreen none
                   // does
        for (QWidget* top : QApplication::topLevelWidgets()) {
            if (qobject_cast<QMainWindow*>(top) && top->isVisible()) {
                QApplication::setActiveWindow(top);
                target = QApplication::focusWidget() ? QApplication::focusWidget() : top;
            }
        }
    }
    if (!target)
        return QTest::qFail("no window has the keyboard focus", __FILE__, __LINE__);
    if (character.isNull())
        QTest::keyClick(target, Qt::Key(key), modifiers);
    else
        QTest::keyClick(target, character.toLatin1());
}

void TestKeyboardFlows::type(const QString& text)
{
    for (const QChar c : text)
        press(0, Qt::NoModifier, c);
}

// How a person reaches a control without a mnemonic: Tab until it has the focus (`target` only says when
// to stop).
bool TestKeyboardFlows::tabTo(QWidget* target)
{
    for (int i = 0; i < 40 && QApplication::focusWidget() != target; ++i)
        press(Qt::Key_Tab);
    return QApplication::focusWidget() == target;
}

bool TestKeyboardFlows::closed(QWidget& dialog)
{
    return QTest::qWaitFor([&dialog] { return !dialog.isVisible(); }, 10000);
}

void TestKeyboardFlows::init()
{
    m_problems.clear();
    m_queue.clear();
    connect(&m_poll, &QTimer::timeout, this, &TestKeyboardFlows::runQueued, Qt::UniqueConnection);
    m_poll.start(20);
    m_fixture = new ServiceFixture;
    QVERIFY(m_fixture->start());
    const std::string project = m_fixture->createProject(QStringLiteral("Default"));
    m_fixture->createKey(project, QStringLiteral("Billing export"), 30);
    m_fixture->createKey(project, QStringLiteral("CI deploy"), 90);
    m_monitoringSecret =
        m_fixture->createKey(project, QStringLiteral("Monitoring")).value(QLatin1String("secret")).toString();
    m_keychain = new MemorySecretStore;
    m_rig = new WindowRig(*m_fixture, m_keychain);
    QVERIFY(m_rig->ready);
    window()->show();
    QApplication::setActiveWindow(window());
    QVERIFY(QTest::qWaitForWindowActive(window()));
    QVERIFY(refreshNow());
}

void TestKeyboardFlows::cleanup()
{
    m_poll.stop();
    delete m_rig;
    delete m_keychain;
    delete m_fixture;
    QVERIFY2(m_queue.isEmpty(), "a dialog the flow expected never opened");
    QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(QLatin1Char('\n'))));
}

bool TestKeyboardFlows::refreshNow()
{
    QSignalSpy done(window(), &MainWindow::refreshed);
    press(Qt::Key_F5);
    return done.wait(10000) && done.first().first().toBool();
}

std::optional<Credential> TestKeyboardFlows::named(const QString& name) const
{
    for (const Credential& c : m_rig->store.credentials().value()) {
        if (c.name == name)
            return c;
    }
    return std::nullopt;
}

void TestKeyboardFlows::storeSecret(const QString& name, const QString& secret)
{
    std::optional<Expected<void>> stored;
    m_keychain->writeSecret(named(name)->keychainAccount(), {}, SecretBytes::fromUtf8(secret),
                            [&](Expected<void> r) { stored.emplace(r); });
    QTRY_VERIFY(stored.has_value());
}

// Ctrl+F, the name, Tab into the table, Space on the one row left.
bool TestKeyboardFlows::findAndSelect(const QString& name)
{
    press(Qt::Key_F, Qt::ControlModifier);
    type(name);
    auto* table = window()->findChild<QTableView*>(QStringLiteral("inventoryTableView"));
    if (!QTest::qWaitFor([this] { return window()->model()->rowCount() == 1; }, 10000))
        return false;
    if (!tabTo(table))
        return false;
    press(Qt::Key_Space); // Tab makes the first row current; Space selects it
    const auto selected = window()->model()->credentialAt(table->currentIndex().row());
    return selected && selected->name == name && table->selectionModel()->isRowSelected(0);
}

// The secret shown once: copy it (Tab to its Copy button, Space), confirm it is stored, close.
void TestKeyboardFlows::copyOnceSteps(SecretDialog& dialog)
{
    if (!tabTo(dialog.findChild<QPushButton*>(QStringLiteral("copySecretButton"))))
        return void(m_problems << QStringLiteral("the secret's Copy button cannot be reached with Tab"));
    press(Qt::Key_Space);
    if (!tabTo(dialog.findChild<QCheckBox*>(QStringLiteral("storedCheckBox"))))
        return void(m_problems << QStringLiteral("'I have stored this secret' cannot be reached with Tab"));
    press(Qt::Key_Space);
    if (!tabTo(dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close)))
        return void(m_problems << QStringLiteral("Close cannot be reached with Tab"));
    press(Qt::Key_Space);
    closed(dialog);
}

void TestKeyboardFlows::generateAndCopyTheSecretOnce()
{
    inDialog<GenerateKeyDialog>([this](GenerateKeyDialog& dialog) {
        if (QApplication::focusWidget() != dialog.findChild<QLineEdit*>(QStringLiteral("nameLineEdit")))
            m_problems << QStringLiteral("Generate Key does not open in the name field");
        type(QStringLiteral("Deploy bot"));
        press(Qt::Key_X, Qt::AltModifier); // E&xpire in
        auto* expiry = dialog.findChild<QComboBox*>(QStringLiteral("expiryComboBox"));
        if (QApplication::focusWidget() != expiry)
            m_problems << QStringLiteral("Alt+X does not reach the expiry");
        const int before = expiry->currentIndex();
        press(Qt::Key_Down);
        if (expiry->currentIndex() != before + 1)
            m_problems << QStringLiteral("Down does not change the expiry");
        press(Qt::Key_Return); // Generate
        closed(dialog);
    });
    QString copied;
    inDialog<SecretDialog>([&](SecretDialog& dialog) {
        copyOnceSteps(dialog);
        copied = QGuiApplication::clipboard()->text();
    });
    press(Qt::Key_N, Qt::ControlModifier);
    QVERIFY(refreshNow());
    const auto made = named(QStringLiteral("Deploy bot"));
    QVERIFY(made);
    QVERIFY(made->expiresAt.isValid());
    // What was copied is the key's secret, which the keychain also keeps (the box is on by default).
    std::optional<Expected<SecretBytes>> kept;
    m_keychain->readSecret(made->keychainAccount(), [&](Expected<SecretBytes> r) { kept.emplace(r); });
    QTRY_VERIFY(kept.has_value());
    KD_VERIFY_OK(*kept);
    QVERIFY(!copied.isEmpty());
    QCOMPARE(copied.toUtf8(), kept->value().toByteArray());
}

void TestKeyboardFlows::tokenAndTestCalls()
{
    storeSecret(QStringLiteral("Monitoring"), m_monitoringSecret);
    QVERIFY(findAndSelect(QStringLiteral("Monitoring")));
    inDialog<TokenGeneratorDialog>([this](TokenGeneratorDialog& dialog) {
        QSignalSpy received(&dialog, &TokenGeneratorDialog::tokenReceived);
        press(Qt::Key_G, Qt::AltModifier); // &Generate
        if (!received.wait(10000))
            m_problems << QStringLiteral("Alt+G got no token");
        QSignalSpy tested(&dialog, &TokenGeneratorDialog::tested);
        press(Qt::Key_T, Qt::AltModifier); // &Test token
        if (!tested.wait(10000) || !tested.first().first().toBool())
            m_problems << QStringLiteral("Alt+T did not test the token, or the test failed");
        press(Qt::Key_Escape);
        closed(dialog);
    });
    press(Qt::Key_K, Qt::AltModifier); // &Keys
    press(Qt::Key_T);                  // &Token Generator…
    QVERIFY(m_queue.isEmpty());
    // The key itself: Keys > Test &Key.
    QSignalSpy tested(keyActionsOf(*window()), &KeyActions::tested);
    press(Qt::Key_K, Qt::AltModifier);
    press(Qt::Key_K);
    QVERIFY(tested.wait(10000));
    QVERIFY(tested.first().at(1).toBool());
}

void TestKeyboardFlows::addProviderCredential()
{
    const QString tokenUrl =
        m_fixture->server().baseUrl().resolved(QUrl(QStringLiteral("/oauth/token"))).toString();
    inDialog<ImportCredentialDialog>([&](ImportCredentialDialog& dialog) {
        press(Qt::Key_T, Qt::AltModifier); // Connec&tion
        type(QStringLiteral("Billing API"));
        press(Qt::Key_R, Qt::AltModifier); // Token U&RL
        type(tokenUrl);
        press(Qt::Key_L, Qt::AltModifier); // C&lient ID
        type(QStringLiteral("billing-worker"));
        press(Qt::Key_E, Qt::AltModifier); // S&ecret
        type(QStringLiteral("s3cret-from-the-vendor"));
        press(Qt::Key_M, Qt::AltModifier); // Na&me
        type(QStringLiteral("Billing worker"));
        press(Qt::Key_Return); // Save
        closed(dialog);
    });
    press(Qt::Key_K, Qt::AltModifier);
    press(Qt::Key_P); // Add &Provider Credential…
    const auto added = named(QStringLiteral("Billing worker"));
    QVERIFY(added);
    QCOMPARE(added->keyId, QStringLiteral("billing-worker"));
    const auto connection = m_rig->store.connection(added->connectionId);
    KD_VERIFY_OK(connection);
    QCOMPARE(connection.value().name, QStringLiteral("Billing API"));
    QCOMPARE(connection.value().provider.tokenUrl.toString(), tokenUrl);
    std::optional<Expected<SecretBytes>> kept;
    m_keychain->readSecret(added->keychainAccount(), [&](Expected<SecretBytes> r) { kept.emplace(r); });
    QTRY_VERIFY(kept.has_value());
    KD_VERIFY_OK(*kept);
    QCOMPARE(kept->value().toByteArray(), QByteArrayLiteral("s3cret-from-the-vendor"));
}

void TestKeyboardFlows::rotate()
{
    QVERIFY(findAndSelect(QStringLiteral("CI deploy")));
    inDialog<QMessageBox>([this](QMessageBox& box) { // Create "CI deploy v2"? Yes is the default.
        if (!box.text().contains(QStringLiteral("CI deploy v2")))
            m_problems << QStringLiteral("unexpected box: ") + box.text();
        press(Qt::Key_Return);
        closed(box);
    });
    inDialog<SecretDialog>([this](SecretDialog& dialog) { copyOnceSteps(dialog); });
    inDialog<QMessageBox>([this](QMessageBox& box) { // Deployed? Deactivate the old key? No is the default.
        if (!box.text().contains(QStringLiteral("deployed")))
            m_problems << QStringLiteral("unexpected box: ") + box.text();
        press(Qt::Key_D, Qt::AltModifier); // &Deactivate: the button says the action, not Yes
        closed(box);
    });
    inDialog<QMessageBox>([this](QMessageBox& box) { // Delete it now? Keep it (the default).
        if (!box.text().contains(QStringLiteral("Delete it now")))
            m_problems << QStringLiteral("unexpected box: ") + box.text();
        press(Qt::Key_Return);
        closed(box);
    });
    QSignalSpy finished(keyActionsOf(*window()), &KeyActions::rotated);
    press(Qt::Key_K, Qt::AltModifier);
    press(Qt::Key_O); // R&otate…
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(finished.first().first().toBool());
    QVERIFY(refreshNow());
    QCOMPARE(named(QStringLiteral("CI deploy"))->storedStatus, KeyStatus::Inactive);
    QVERIFY(named(QStringLiteral("CI deploy v2")));
    QCOMPARE(named(QStringLiteral("CI deploy v2"))->storedStatus, KeyStatus::Active);
}

void TestKeyboardFlows::exportTheInventory()
{
    // A name nothing in the folder starts with: no completion pops up over the field.
    const QString path = m_rig->dir.filePath(QStringLiteral("exported.csv"));
    inDialog<QFileDialog>([&](QFileDialog& dialog) {
        press(Qt::Key_A, Qt::ControlModifier); // the file name field has the focus
        type(path);
        press(Qt::Key_Return);
        closed(dialog);
    });
    press(Qt::Key_F, Qt::AltModifier); // &File
    press(Qt::Key_E);                  // &Export…
    QFile written(path);
    QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(path));
    const QList<QByteArray> lines = written.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 3); // the header and the three keys
    QVERIFY(lines.at(1).contains("Billing export") || lines.at(2).contains("Billing export") ||
            lines.at(3).contains("Billing export"));
}

QTEST_MAIN(TestKeyboardFlows)
#include "tst_keyboardflows.moc"

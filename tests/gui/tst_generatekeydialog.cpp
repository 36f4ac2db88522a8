#include "ManualClock.h"
#include "ServiceFixture.h"
#include "gui/GenerateKeyDialog.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

// Drives the real Generate Key dialog offscreen against a real keydesk-server on 127.0.0.1.
class TestGenerateKeyDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void generateIsEnabledOnlyForValidNames();
    void everyExpiryOptionShowsTheResultingDate();
    void generatesAKeyWhoseSecretWorks();
    void limitReachedIsShownAndInputKept();
    void serviceDownIsShownAndInputKept();
    void fullProjectCannotGenerate();
    void keyGoesToThePickedProject();

private:
    QList<Project> projects(int used) const
    {
        return {Project{m_project, QStringLiteral("Default"), {}, used}};
    }
    template <typename T> static T* child(QDialog& d, const char* name)
    {
        return d.findChild<T*>(QLatin1String(name));
    }

    ServiceFixture* m_fixture = nullptr;
    QNetworkAccessManager m_network;
    ServiceClient* m_client = nullptr;
    QString m_project;
};

void TestGenerateKeyDialog::init()
{
    ServiceConfig config;
    config.maxKeysPerProject = 2;
    m_fixture = new ServiceFixture(QStringLiteral("sqlite"), config);
    QVERIFY(m_fixture->start());
    m_client = new ServiceClient(&m_network, m_fixture->server().baseUrl(),
                                 SecretBytes(QByteArray::fromStdString(m_fixture->adminToken)));
    m_project = QString::fromStdString(m_fixture->createProject());
}

void TestGenerateKeyDialog::cleanup()
{
    delete m_client;
    delete m_fixture;
}

void TestGenerateKeyDialog::generateIsEnabledOnlyForValidNames()
{
    GenerateKeyDialog dialog(*m_client, projects(0), m_project, 2);
    dialog.show();
    auto* name = child<QLineEdit>(dialog, "nameLineEdit");
    auto* hint = child<QLabel>(dialog, "nameHintLabel");
    QVERIFY(!dialog.generateButton()->isEnabled());
    QTest::keyClicks(name, QStringLiteral("1key"));
    QVERIFY(!dialog.generateButton()->isEnabled());
    QVERIFY2(hint->text().contains(QStringLiteral("must start with a letter")), qPrintable(hint->text()));
    name->clear();
    QTest::keyClicks(name, QStringLiteral("Deploy key"));
    QVERIFY(dialog.generateButton()->isEnabled());
    QTest::keyClicks(name, QStringLiteral("/"));
    QVERIFY(!dialog.generateButton()->isEnabled());
    QVERIFY(hint->text().contains(QStringLiteral("\u201C/\u201D")));
    QTest::keyClick(name, Qt::Key_Backspace);
    QVERIFY(dialog.generateButton()->isEnabled());
    name->setText(QString(65, QLatin1Char('a')));
    QVERIFY(!dialog.generateButton()->isEnabled());
    QVERIFY(hint->text().contains(QStringLiteral("65")));
    name->setText(QStringLiteral("Überwachung"));
    QVERIFY(dialog.generateButton()->isEnabled());
    // A space typed between words is no error while typing (it flashed "must not end with a space").
    name->clear();
    QTest::keyClicks(name, QStringLiteral("Deploy "));
    QVERIFY2(!hint->text().contains(QStringLiteral("end with")), qPrintable(hint->text()));
    QTest::keyClicks(name, QStringLiteral("key "));
    QVERIFY(dialog.generateButton()->isEnabled());
    // Left at the end, it is judged when the field is left, and Generate does not go ahead with it.
    emit name->editingFinished();
    QVERIFY2(hint->text().contains(QStringLiteral("end with")), qPrintable(hint->text()));
    QVERIFY(!dialog.generateButton()->isEnabled());
    QTest::keyClick(name, Qt::Key_Backspace);
    QVERIFY(dialog.generateButton()->isEnabled());
}

void TestGenerateKeyDialog::everyExpiryOptionShowsTheResultingDate()
{
    ManualClock clock(QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC));
    GenerateKeyDialog dialog(*m_client, projects(0), m_project, 2, clock);
    auto* expiry = child<QComboBox>(dialog, "expiryComboBox");
    auto* date = child<QLabel>(dialog, "expiryDateLabel");
    QCOMPARE(expiry->count(), 6);
    // TZ=UTC under ctest, so local time is UTC here.
    const QStringList expected{
        QStringLiteral("expires 2026-12-02 12:00"), QStringLiteral("expires 2026-12-25 12:00"),
        QStringLiteral("expires 2027-02-23 12:00"), QStringLiteral("expires 2027-05-24 12:00"),
        QStringLiteral("expires 2027-11-25 12:00")};
    for (int i = 0; i < 5; ++i) {
        expiry->setCurrentIndex(i);
        QCOMPARE(date->text(), expected.at(i));
    }
    expiry->setCurrentIndex(5);
    QCOMPARE(expiry->currentText(), QStringLiteral("No expiry"));
    QCOMPARE(date->text(), QStringLiteral("never expires"));
}

void TestGenerateKeyDialog::generatesAKeyWhoseSecretWorks()
{
    GenerateKeyDialog dialog(*m_client, projects(0), m_project, 2);
    dialog.show();
    QTest::keyClicks(child<QLineEdit>(dialog, "nameLineEdit"), QStringLiteral("CI deploy"));
    QTest::keyClicks(child<QPlainTextEdit>(dialog, "descriptionPlainTextEdit"),
                     QStringLiteral("GitHub Actions"));
    child<QComboBox>(dialog, "expiryComboBox")->setCurrentIndex(0); // 7 days
    QTest::mouseClick(dialog.generateButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    auto created = dialog.takeCreatedKey();
    QVERIFY(created.has_value());
    QCOMPARE(created->key.name, QStringLiteral("CI deploy"));
    QCOMPARE(created->key.description, QStringLiteral("GitHub Actions"));
    QCOMPARE(created->key.createdAt.daysTo(created->key.expiresAt), 7);
    const std::string secret = created->secret.toByteArray().toStdString();
    QCOMPARE(m_fixture->client().Get("/health", {{"X-API-Key", secret}})->status, 204);
    QVERIFY(!dialog.takeCreatedKey().has_value()); // handed over once
}

void TestGenerateKeyDialog::limitReachedIsShownAndInputKept()
{
    QVERIFY(!m_fixture->createKey(m_project.toStdString(), QStringLiteral("one")).isEmpty());
    QVERIFY(!m_fixture->createKey(m_project.toStdString(), QStringLiteral("two")).isEmpty());
    GenerateKeyDialog dialog(*m_client, projects(1), m_project, 2); // a stale count: the service knows better
    dialog.show();
    QTest::keyClicks(child<QLineEdit>(dialog, "nameLineEdit"), QStringLiteral("third"));
    QTest::keyClicks(child<QPlainTextEdit>(dialog, "descriptionPlainTextEdit"), QStringLiteral("kept"));
    QTest::mouseClick(dialog.generateButton(), Qt::LeftButton);
    auto* error = child<QLabel>(dialog, "errorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
    QVERIFY2(error->text().contains(QStringLiteral("2 keys")), qPrintable(error->text()));
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not accepted
    QCOMPARE(child<QLineEdit>(dialog, "nameLineEdit")->text(), QStringLiteral("third"));
    QCOMPARE(child<QPlainTextEdit>(dialog, "descriptionPlainTextEdit")->toPlainText(),
             QStringLiteral("kept"));
    QVERIFY(!dialog.generateButton()->isEnabled());
}

void TestGenerateKeyDialog::serviceDownIsShownAndInputKept()
{
    const QUrl url = m_fixture->server().baseUrl();
    m_fixture->stop();
    ServiceClient down(&m_network, url, SecretBytes(QByteArrayLiteral("kda_x")));
    GenerateKeyDialog dialog(down, projects(0), m_project, 2);
    dialog.show();
    QTest::keyClicks(child<QLineEdit>(dialog, "nameLineEdit"), QStringLiteral("offline attempt"));
    QTest::mouseClick(dialog.generateButton(), Qt::LeftButton);
    auto* error = child<QLabel>(dialog, "errorLabel");
    QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
    QVERIFY2(error->text().contains(QStringLiteral("Cannot reach")), qPrintable(error->text()));
    QCOMPARE(child<QLineEdit>(dialog, "nameLineEdit")->text(), QStringLiteral("offline attempt"));
    QVERIFY(dialog.generateButton()->isEnabled()); // free to try again once the service is back
}

void TestGenerateKeyDialog::fullProjectCannotGenerate()
{
    GenerateKeyDialog dialog(*m_client, projects(2), m_project, 2);
    QTest::keyClicks(child<QLineEdit>(dialog, "nameLineEdit"), QStringLiteral("valid name"));
    QVERIFY(!dialog.generateButton()->isEnabled());
    QVERIFY(child<QLabel>(dialog, "usageLabel")->text().contains(QStringLiteral("2 of 2")));
}

void TestGenerateKeyDialog::keyGoesToThePickedProject()
{
    const QString other = QString::fromStdString(m_fixture->createProject(QStringLiteral("Other")));
    const QList<Project> both{Project{m_project, QStringLiteral("Default"), {}, 2},
                              Project{other, QStringLiteral("Other"), {}, 0}};
    GenerateKeyDialog dialog(*m_client, both, m_project, 2);
    dialog.show();
    child<QLineEdit>(dialog, "nameLineEdit")->setText(QStringLiteral("Elsewhere"));
    auto* picker = child<QComboBox>(dialog, "projectComboBox");
    QCOMPARE(picker->currentText(), QStringLiteral("Default"));
    QVERIFY(!dialog.generateButton()->isEnabled()); // Default is full
    QVERIFY(child<QLabel>(dialog, "usageLabel")->text().contains(QStringLiteral("2 of 2")));
    picker->setCurrentIndex(1);
    QVERIFY(child<QLabel>(dialog, "usageLabel")->text().contains(QStringLiteral("0 of 2")));
    QVERIFY(dialog.generateButton()->isEnabled());
    QTest::mouseClick(dialog.generateButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.result() == QDialog::Accepted, 10000);
    auto created = dialog.takeCreatedKey();
    QVERIFY(created);
    QCOMPARE(created->key.project, other);
    auto listed = m_fixture->client().Get(("/v1/projects/" + other.toStdString() + "/keys").c_str(),
                                          m_fixture->admin());
    QCOMPARE(ServiceFixture::json(listed).value(QLatin1String("keys")).toArray().size(), 1);
}

QTEST_MAIN(TestGenerateKeyDialog)
#include "tst_generatekeydialog.moc"

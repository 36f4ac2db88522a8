#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"
#include "gui/GenerateKeyDialog.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QTest>
#include <QTranslator>

// The German and French catalogues are built into the app and actually translate what people read.
class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void catalogues_data();
    void catalogues();
};

void TestTranslations::catalogues_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("noExpiry");
    QTest::addColumn<QString>("title");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Kein Ablauf")
                        << QStringLiteral("API-Schlüssel erzeugen");
    QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("Sans expiration")
                        << QStringLiteral("Générer une clé d'API");
}

void TestTranslations::catalogues()
{
    QFETCH(QString, language);
    QFETCH(QString, noExpiry);
    QFETCH(QString, title);
    QTranslator translator;
    QVERIFY(translator.load(QLocale(language), QStringLiteral("keydesk"), QStringLiteral("_"),
                            QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    QCOMPARE(expiryOptionLabel(ExpiryOption::Never), noExpiry);
    QVERIFY(KeyNameValidator::validate(QStringLiteral("1x")).message !=
            QStringLiteral("The name must start with a letter, not \u201C1\u201D."));
    QNetworkAccessManager network;
    ServiceClient client(&network, QUrl(QStringLiteral("http://127.0.0.1:9")), SecretBytes());
    GenerateKeyDialog dialog(client, {Project{QStringLiteral("p"), QStringLiteral("Default"), {}, 0}},
                             QStringLiteral("p"), 10);
    QCOMPARE(dialog.windowTitle(), title);
    QCoreApplication::removeTranslator(&translator);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"

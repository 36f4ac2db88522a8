#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"
#include "gui/AppTranslations.h"
#include "gui/GenerateKeyDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>

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
                        << QStringLiteral("Générer une clé d\u2019API");
}

void TestTranslations::catalogues()
{
    QFETCH(QString, language);
    QFETCH(QString, noExpiry);
    QFETCH(QString, title);
    const AppTranslations translations{QLocale(language)};
    QVERIFY(translations.hasOwn());
    QVERIFY(translations.hasQt()); // Qt's own buttons speak the same language
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QVERIFY2(buttons.button(QDialogButtonBox::Cancel)->text() != QStringLiteral("&Cancel"),
             qPrintable(buttons.button(QDialogButtonBox::Cancel)->text()));
    QCOMPARE(expiryOptionLabel(ExpiryOption::Never), noExpiry);
    QVERIFY(KeyNameValidator::validate(QStringLiteral("1x")).message !=
            QStringLiteral("The name must start with a letter, not \u201C1\u201D."));
    QNetworkAccessManager network;
    ServiceClient client(&network, QUrl(QStringLiteral("http://127.0.0.1:9")), SecretBytes());
    GenerateKeyDialog dialog(client, {Project{QStringLiteral("p"), QStringLiteral("Default"), {}, 0}},
                             QStringLiteral("p"), 10);
    QCOMPARE(dialog.windowTitle(), title);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"

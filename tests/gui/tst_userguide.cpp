#include "ExpectedHelpers.h"
#include "MemorySecretStore.h"
#include "gui/Clipboard.h"
#include "gui/MainWindow.h"
#include "gui/UserGuideWindow.h"
#include "storage/InventoryStore.h"
#include "storage/Settings.h"
#include "usecases/ServiceSessions.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QFile>
#include <QImage>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextFragment>
#include <QTextImageFormat>

// Help > User Guide: the guide the build copies where the installed app looks (share/keydesk/help beside
// bin/), with every screenshot it shows, in the app's language where there is a translation.
class TestUserGuide : public QObject
{
    Q_OBJECT

private slots:
    void showsTheGuideWithEveryPicture();
    void coversEveryFlow();
    void translationsKeepTheEnglishShape_data();
    void translationsKeepTheEnglishShape();
    void prefersTheAppLanguage();
    void missingGuideSaysWhereItLooked();
    void linksNeverReplaceThePage();
    void f1OpensOneGuide();

private:
    struct Shape
    {
        int headings = 0;
        QStringList images;
    };
    static Shape shapeOf(const QLocale& locale);
    static void write(const QString& path, const QByteArray& text);
};

void TestUserGuide::write(const QString& path, const QByteArray& text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

void TestUserGuide::showsTheGuideWithEveryPicture()
{
    UserGuideWindow guide(UserGuideWindow::installedHelpDir(), QLocale(QLocale::English));
    QVERIFY2(guide.found(), qPrintable(UserGuideWindow::installedHelpDir()));
    QVERIFY(
        !guide.browser()->openLinks()); // links never replace the page (UserGuideWindow says where they go)
    QTextDocument* document = guide.browser()->document();
    int images = 0;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (!it.fragment().charFormat().isImageFormat())
                continue;
            const QTextImageFormat format = it.fragment().charFormat().toImageFormat();
            const QVariant resource = document->resource(QTextDocument::ImageResource, QUrl(format.name()));
            const QImage image = resource.typeId() == QMetaType::QByteArray
                                     ? QImage::fromData(resource.toByteArray())
                                     : resource.value<QImage>();
            QVERIFY2(!image.isNull(), qPrintable(format.name()));
            // Wide screenshots are narrowed to keep the page readable; their proportions are kept.
            if (image.width() > 720) {
                QCOMPARE(format.width(), 720.0);
                QVERIFY(qAbs(format.height() - image.height() * 720.0 / image.width()) <= 1);
            }
            ++images;
        }
    }
    QVERIFY2(images >= 10, qPrintable(QString::number(images)));
}

void TestUserGuide::coversEveryFlow()
{
    UserGuideWindow guide(UserGuideWindow::installedHelpDir(), QLocale(QLocale::English));
    QStringList headings;
    for (QTextBlock block = guide.browser()->document()->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 2)
            headings << block.text();
    }
    for (const char* flow : {"The first start", "The inventory", "Generate a key", "Copy the secret, once",
                             "Get a token and watch it count down", "Test a key or a token",
                             "Add a credential a vendor gave you", "Rotate a key without downtime",
                             "Deactivate, activate and delete", "Export the inventory",
                             "Work with your team's service", "Preferences"})
        QVERIFY2(headings.contains(QLatin1String(flow)), flow);
}

TestUserGuide::Shape TestUserGuide::shapeOf(const QLocale& locale)
{
    UserGuideWindow guide(UserGuideWindow::installedHelpDir(), locale);
    Shape shape;
    for (QTextBlock block = guide.browser()->document()->begin(); block.isValid(); block = block.next()) {
        shape.headings += block.blockFormat().headingLevel() > 0;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            if (it.fragment().charFormat().isImageFormat())
                shape.images << it.fragment().charFormat().toImageFormat().name();
        }
    }
    return shape;
}

void TestUserGuide::translationsKeepTheEnglishShape_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("de") << QLocale(QLocale::German);
    QTest::newRow("fr") << QLocale(QLocale::French);
}

// A translated guide is there and has every section and screenshot of the English one, each rendered in its
// own language (scripts/screenshots: name-de.png, name-fr.png).
void TestUserGuide::translationsKeepTheEnglishShape()
{
    QFETCH(QLocale, locale);
    const QString file = UserGuideWindow::guideFile(UserGuideWindow::installedHelpDir(), locale);
    QVERIFY2(file.endsWith(QStringLiteral(".%1.md").arg(QLocale::languageToCode(locale.language()))),
             qPrintable(file));
    const Shape english = shapeOf(QLocale(QLocale::English));
    Shape translated = shapeOf(locale);
    QCOMPARE(translated.headings, english.headings);
    const QString suffix = QStringLiteral("-%1.png").arg(QLocale::languageToCode(locale.language()));
    for (QString& image : translated.images) {
        QVERIFY2(image.endsWith(suffix), qPrintable(image)); // not the English screenshot
        image.replace(suffix, QStringLiteral(".png"));
    }
    QCOMPARE(translated.images, english.images);
}

void TestUserGuide::prefersTheAppLanguage()
{
    QTemporaryDir dir;
    QCOMPARE(UserGuideWindow::guideFile(dir.path(), QLocale(QLocale::German)), QString());
    write(dir.filePath(QStringLiteral("user-guide.md")), "# Guide\n");
    write(dir.filePath(QStringLiteral("user-guide.de.md")), "# Anleitung\n");
    QCOMPARE(UserGuideWindow::guideFile(dir.path(), QLocale(QLocale::German, QLocale::Austria)),
             dir.filePath(QStringLiteral("user-guide.de.md")));
    // No French guide: the English one rather than nothing.
    QCOMPARE(UserGuideWindow::guideFile(dir.path(), QLocale(QLocale::French)),
             dir.filePath(QStringLiteral("user-guide.md")));
    QCOMPARE(UserGuideWindow::guideFile(dir.path(), QLocale(QLocale::English)),
             dir.filePath(QStringLiteral("user-guide.md")));
    UserGuideWindow german(dir.path(), QLocale(QLocale::German));
    QVERIFY(german.found());
    QCOMPARE(german.browser()->document()->begin().text(), QStringLiteral("Anleitung"));
}

void TestUserGuide::missingGuideSaysWhereItLooked()
{
    QTemporaryDir dir;
    UserGuideWindow guide(dir.path(), QLocale(QLocale::English));
    QVERIFY(!guide.found());
    const QString text = guide.browser()->toPlainText();
    QVERIFY(text.contains(QDir::toNativeSeparators(dir.path())));
    QVERIFY(text.contains(QStringLiteral("docs/user-guide.md")));
}

// Stands in for the desktop's browser: QDesktopServices hands it the web links.
class LinkCatcher : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> opened;

public slots:
    void open(const QUrl& url) { opened << url; }
};

void TestUserGuide::linksNeverReplaceThePage()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("user-guide.md")),
          "# Guide\n\nSee [the README](../README.md) or [the site](https://keydesk.example/).\n");
    UserGuideWindow guide(dir.path(), QLocale(QLocale::English));
    const QUrl page = guide.browser()->source();
    LinkCatcher browser;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &browser, "open");
    guide.show();
    QApplication::setActiveWindow(&guide);
    QVERIFY(QTest::qWaitForWindowActive(&guide));
    QSignalSpy clicked(guide.browser(), &QTextBrowser::anchorClicked);
    guide.browser()->setFocus();
    // Followed from the keyboard, as from the mouse: Tab moves to a link, Return follows it.
    QTest::keyClick(guide.browser(), Qt::Key_Tab);
    QTest::keyClick(guide.browser(), Qt::Key_Return);
    QTest::keyClick(guide.browser(), Qt::Key_Tab);
    QTest::keyClick(guide.browser(), Qt::Key_Return);
    QCOMPARE(clicked.size(), 2);
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QCOMPARE(guide.browser()->source(), page);
    QCOMPARE(guide.browser()->document()->begin().text(), QStringLiteral("Guide"));
    QCOMPARE(browser.opened, QList<QUrl>{QUrl(QStringLiteral("https://keydesk.example/"))});
}

void TestUserGuide::f1OpensOneGuide()
{
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    QNetworkAccessManager network;
    ServiceSessions sessions(store, &network, 5000);
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    MemorySecretStore secrets;
    Clipboard clipboard;
    MainWindow window(store, sessions, &secrets, clipboard, settings);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F1);
    QTRY_COMPARE(window.findChildren<UserGuideWindow*>().size(), 1);
    UserGuideWindow* guide = window.findChildren<UserGuideWindow*>().first();
    QTRY_VERIFY(guide->isVisible());
    QVERIFY(guide->found());
    // Again, from the menu: the open guide comes forward; there is never a second one.
    window.findChild<QAction*>(QStringLiteral("actionUserGuide"))->trigger();
    QCOMPARE(window.findChildren<UserGuideWindow*>().size(), 1);
    guide->reject(); // Close: the window goes away for good
    QTRY_COMPARE(window.findChildren<UserGuideWindow*>().size(), 0);
}

QTEST_MAIN(TestUserGuide)
#include "tst_userguide.moc"

#include "gui/AppIcons.h"

#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QTest>

// The icons ship inside the program: without an icon theme (as here, offscreen) every action still has one,
// drawn from our own SVGs, and the application icon renders at the sizes the desktop asks for. That the
// main window's actions carry them is checked in tst_mainwindowflow.
class TestAppIcons : public QObject
{
    Q_OBJECT

private slots:
    void applicationIconRenders();
    void everyBundledIconIsDrawn();
};

void TestAppIcons::applicationIconRenders()
{
    const QIcon icon = AppIcons::application();
    QVERIFY(!icon.isNull());
    for (int size : {16, 48, 256}) {
        const QImage image = icon.pixmap(size, size).toImage();
        QCOMPARE(image.width(), size);
        // The tile is blue and opaque in the middle, the corners transparent (rounded).
        QVERIFY(qAlpha(image.pixel(size / 2, size / 2)) == 255);
        QVERIFY(qAlpha(image.pixel(0, 0)) < 32);
    }
}

void TestAppIcons::everyBundledIconIsDrawn()
{
    int count = 0;
    for (QDirIterator it(QStringLiteral(":/icons/actions")); it.hasNext(); ++count) {
        const QString path = it.next();
        const QImage image = QIcon(path).pixmap(32, 32).toImage();
        int inked = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                inked += qAlpha(image.pixel(x, y)) > 0;
        QVERIFY2(inked > 20, qPrintable(path)); // not blank: the SVG plugin read it
    }
    QVERIFY(count >= 15);
}

QTEST_MAIN(TestAppIcons)
#include "tst_appicons.moc"

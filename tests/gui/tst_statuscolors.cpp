#include "ExpectedHelpers.h"
#include "gui/InventoryTableModel.h"
#include "gui/StatusColors.h"
#include "storage/InventoryStore.h"

#include <QApplication>
#include <QBrush>
#include <QTemporaryDir>
#include <QTest>

// Status colours meet WCAG AA (4.5:1) on the palette they are drawn on, light or dark (issue 15, item 9: the
// old fixed red measured 2.1:1 on a dark window).
class TestStatusColors : public QObject
{
    Q_OBJECT

private slots:
    void contrastFollowsWcag();
    void everyToneReadsOnEveryPalette_data();
    void everyToneReadsOnEveryPalette();
    void inventoryStatusColumnFollowsTheAppPalette();

private:
    static QPalette palette(const QColor& window, const QColor& base, const QColor& text);
};

QPalette TestStatusColors::palette(const QColor& window, const QColor& base, const QColor& text)
{
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Text, text);
    return p;
}

void TestStatusColors::contrastFollowsWcag()
{
    QCOMPARE(StatusColors::contrast(Qt::black, Qt::white), 21.0);
    QCOMPARE(StatusColors::contrast(Qt::white, Qt::white), 1.0);
    // The fixed red of before, on a dark window: what the issue measured.
    QVERIFY(qAbs(StatusColors::contrast(QColor(0xb3, 0x26, 0x1e), QColor(0x2a, 0x2a, 0x2a)) - 2.2) < 0.1);
}

void TestStatusColors::everyToneReadsOnEveryPalette_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::newRow("light") << palette(QColor(0xef, 0xef, 0xef), Qt::white, Qt::black);
    QTest::newRow("dark (Breeze Dark)")
        << palette(QColor(0x31, 0x36, 0x3b), QColor(0x1b, 0x1e, 0x20), Qt::white);
    QTest::newRow("dark (Adwaita dark)")
        << palette(QColor(0x24, 0x24, 0x24), QColor(0x1e, 0x1e, 0x1e), Qt::white);
    QTest::newRow("mid grey") << palette(QColor(0x80, 0x80, 0x80), QColor(0x90, 0x90, 0x90), Qt::black);
    QTest::newRow("tinted") << palette(QColor(0xfd, 0xf6, 0xe3), QColor(0xee, 0xe8, 0xd5),
                                       QColor(0x65, 0x7b, 0x83));
    QTest::newRow("the app's") << QApplication::palette();
}

void TestStatusColors::everyToneReadsOnEveryPalette()
{
    QFETCH(QPalette, palette);
    using T = StatusColors::Tone;
    QSet<QRgb> distinct;
    for (T tone : {T::Problem, T::Warning, T::Good, T::Muted}) {
        for (QPalette::ColorRole role : {QPalette::Window, QPalette::Base}) {
            const QColor drawn = role == QPalette::Window ? StatusColors::forWindow(tone, palette)
                                                          : StatusColors::forBase(tone, palette);
            const double ratio = StatusColors::contrast(drawn, palette.color(role));
            QVERIFY2(ratio >= StatusColors::MinimumContrast, qPrintable(QStringLiteral("tone %1 on %2: %3:1")
                                                                            .arg(int(tone))
                                                                            .arg(palette.color(role).name())
                                                                            .arg(ratio, 0, 'f', 2)));
        }
        distinct.insert(StatusColors::forBase(tone, palette).rgb());
        QVERIFY(StatusColors::styleSheet(tone, palette).startsWith(QStringLiteral("color: #")));
    }
    QCOMPARE(distinct.size(), 4); // still four colours, not four shades of black
}

void TestStatusColors::inventoryStatusColumnFollowsTheAppPalette()
{
    QTemporaryDir dir;
    InventoryStore store;
    KD_VERIFY_OK(store.open(dir.filePath(QStringLiteral("inventory.sqlite"))));
    Connection vendor;
    vendor.name = QStringLiteral("Vendor");
    vendor.kind = Connection::Kind::ApiKeyProvider;
    Credential expired;
    expired.connectionId = store.addConnection(vendor).value();
    expired.name = QStringLiteral("Old key");
    expired.keyId = QStringLiteral("k-1");
    expired.expiresAt = QDateTime::currentDateTimeUtc().addDays(-3);
    KD_VERIFY_OK(store.saveCredential(expired));
    const QPalette original = QApplication::palette();
    const QPalette dark = palette(QColor(0x31, 0x36, 0x3b), QColor(0x1b, 0x1e, 0x20), Qt::white);
    QApplication::setPalette(dark);
    InventoryTableModel model(store);
    KD_VERIFY_OK(model.reload());
    QCOMPARE(model.rowCount(), 1);
    const QColor shown =
        model.index(0, InventoryTableModel::Status).data(Qt::ForegroundRole).value<QBrush>().color();
    QApplication::setPalette(original);
    QVERIFY2(StatusColors::contrast(shown, dark.color(QPalette::Base)) >= 4.5, qPrintable(shown.name()));
    QCOMPARE(model.index(0, InventoryTableModel::Status).data().toString().isEmpty(), false); // words too
}

QTEST_MAIN(TestStatusColors)
#include "tst_statuscolors.moc"

#include "EveryWindow.h"
#include "gui/AppTranslations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QScreen>
#include <QScrollArea>
#include <QTextEdit>
#include <QToolBar>

// Every window and dialog fits the screen people have: run on an offscreen screen of 1366x768 less a 48 px
// panel at 100 %, and of 2560x1600 less a panel at 200 % (tests/screens/*.json, QT_SCALE_FACTOR), in English
// and German (longer words). A window with its title bar must fit the available area, and every control in it
// must be within the window or inside a scroll area that can bring it there. A toolbar wider than its window
// must put the rest into its extension menu, which it can only do when the window itself fits.
class TestScreenFit : public QObject
{
    Q_OBJECT

private slots:
    void everyWindowFits_data();
    void everyWindowFits();
    void aboutWrapsItsText();
    void aNarrowMainWindowKeepsTheTableWide();

private:
    static QStringList offScreen(QWidget& window, const QString& name, const QRect& available);
};

namespace {

bool isControl(const QWidget* w)
{
    return qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QLineEdit*>(w) ||
           qobject_cast<const QComboBox*>(w) || qobject_cast<const QAbstractSpinBox*>(w) ||
           qobject_cast<const QPlainTextEdit*>(w) || qobject_cast<const QTextEdit*>(w) ||
           qobject_cast<const QAbstractItemView*>(w);
}

bool insideScrollArea(const QWidget* w, const QWidget* window)
{
    for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget()) {
        if (qobject_cast<const QScrollArea*>(p))
            return true;
    }
    return false;
}

QString describe(const QWidget* w)
{
    QString text;
    if (const auto* button = qobject_cast<const QAbstractButton*>(w))
        text = button->text();
    return QStringLiteral("%1 %2 \u201C%3\u201D")
        .arg(QLatin1String(w->metaObject()->className()), w->objectName(), text);
}

QString rect(const QRect& r)
{
    return QStringLiteral("%1x%2 at %3,%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y());
}

} // namespace

QStringList TestScreenFit::offScreen(QWidget& window, const QString& name, const QRect& available)
{
    QStringList found;
    // Where it goes is the window manager's business; that it can go somewhere whole is the window's.
    const QSize frame = window.frameGeometry().size();
    if (frame.width() > available.width() || frame.height() > available.height())
        found << QStringLiteral("%1 is %2, the screen offers %3")
                     .arg(name, rect(window.frameGeometry()), rect(available));
    const QRect inside = window.geometry();
    for (QWidget* w : window.findChildren<QWidget*>()) {
        if (!isControl(w) || !w->isVisibleTo(&window) || insideScrollArea(w, &window))
            continue;
        if (qobject_cast<QToolBar*>(w->parentWidget())) // a toolbar moves what does not fit into its menu
            continue;
        const QRect global(w->mapToGlobal(QPoint(0, 0)), w->size());
        if (!inside.contains(global))
            found << QStringLiteral("%1: %2 is at %3, out of reach").arg(name, describe(w), rect(global));
    }
    return found;
}

void TestScreenFit::everyWindowFits_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("en") << QLocale(QLocale::English, QLocale::UnitedStates);
    QTest::newRow("de") << QLocale(QLocale::German, QLocale::Germany);
}

void TestScreenFit::everyWindowFits()
{
    QFETCH(QLocale, locale);
    const AppTranslations translations(locale);
    // Less a title bar: the offscreen platform draws none, a desktop's window manager does.
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry() - QMargins(0, 32, 0, 0);
    // The screens this test is about, not the offscreen default of 800x600.
    QVERIFY2(available.width() >= 1280 && available.width() <= 1366 && available.height() <= 720,
             qPrintable(rect(available)));
    QStringList found;
    int windows = 0;
    EveryWindow().forEach([&](QWidget& window, const QString& name) {
        ++windows;
        found << offScreen(window, name, available);
    });
    QVERIFY(windows >= 12);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

void TestScreenFit::aboutWrapsItsText()
{
    // It was ~1000 px wide: its paragraph did not wrap.
    QMainWindow parent;
    const auto about = HelpDialogs::about(QStringLiteral("/home/user/.config/KeyDesk/KeyDesk.conf"), &parent);
    about->show();
    QVERIFY(QTest::qWaitForWindowExposed(about.get()));
    const int readable = about->fontMetrics().averageCharWidth() * 90;
    QVERIFY2(about->width() <= readable,
             qPrintable(QStringLiteral("%1 > %2").arg(about->width()).arg(readable)));
}

void TestScreenFit::aNarrowMainWindowKeepsTheTableWide()
{
    // At 900x600 the details pane kept its width: the table showed two columns, the search box ~100 px and
    // the project picker "All projec".
    bool seen = false;
    EveryWindow().forEach([&](QWidget& window, const QString& name) {
        if (name != QLatin1String("MainWindow"))
            return;
        seen = true;
        const auto* table = window.findChild<QAbstractItemView*>(QStringLiteral("inventoryTableView"));
        const auto* details = window.findChild<QWidget*>(QStringLiteral("detailsTabWidget"));
        const auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchLineEdit"));
        const auto* projects = window.findChild<QComboBox*>(QStringLiteral("projectComboBox"));
        const auto at = [&](QSize size) {
            window.resize(size);
            QTest::qWait(50);
            QCoreApplication::processEvents();
        };
        at({900, 600});
        QVERIFY2(table->width() >= window.width() * 3 / 5,
                 qPrintable(QStringLiteral("table %1 of %2").arg(table->width()).arg(window.width())));
        QVERIFY2(details->y() > table->y(), "the details pane is not below the table");
        QVERIFY(details->height() >= details->minimumSizeHint().height());
        QVERIFY2(search->width() >= search->fontMetrics().averageCharWidth() * 24,
                 qPrintable(QString::number(search->width())));
        QVERIFY2(
            projects->width() >= projects->sizeHint().width(),
            qPrintable(QStringLiteral("%1 < %2").arg(projects->width()).arg(projects->sizeHint().width())));
        at({1280, 640}); // the app's own size: beside the table again
        QVERIFY2(details->mapTo(&window, QPoint(0, 0)).x() >=
                     table->mapTo(&window, QPoint(table->width(), 0)).x(),
                 "the details pane is not beside the table");
        QVERIFY(table->width() >= window.width() / 2);
    });
    QVERIFY(seen);
}

QTEST_MAIN(TestScreenFit)
#include "tst_screenfit.moc"

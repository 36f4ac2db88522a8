#include "EveryWindow.h"
#include "gui/AppTranslations.h"

#include <QAbstractButton>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QToolButton>

// Alt+letter must reach one thing: in every window and dialog, and in every menu, no two visible controls
// share a mnemonic -- in English, German and French. (With two, Qt only moves the focus between them and
// never presses either, so a keyboard user cannot reach the second.)
class TestMnemonics : public QObject
{
    Q_OBJECT

private slots:
    void everyWindowAndMenu_data();
    void everyWindowAndMenu();

private:
    static QChar mnemonic(const QString& text);
    static void collect(QHash<QChar, QStringList>& seen, const QString& text);
    static QStringList clashes(const QHash<QChar, QStringList>& seen, const QString& where);
    static QStringList inWindow(QWidget& window, const QString& name);
    static QString desktopText(QDialogButtonBox::StandardButton button, const QString& shown);
    static QStringList inMenus(QWidget& window, const QString& name);
};

QChar TestMnemonics::mnemonic(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) { // "&&" is a literal ampersand
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

void TestMnemonics::collect(QHash<QChar, QStringList>& seen, const QString& text)
{
    if (const QChar letter = mnemonic(text); !letter.isNull())
        seen[letter] << text;
}

QStringList TestMnemonics::clashes(const QHash<QChar, QStringList>& seen, const QString& where)
{
    QStringList found;
    for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
        if (it.value().size() > 1)
            found << QStringLiteral("%1: Alt+%2 is %3")
                         .arg(where, it.key(), it.value().join(QStringLiteral(", ")));
    }
    return found;
}

QStringList TestMnemonics::inWindow(QWidget& window, const QString& name)
{
    QHash<QChar, QStringList> seen;
    QStringList orphans;
    // The main window is walked empty; what shows once a key is selected (the History tab's buttons) counts
    // too, and so do its menu titles, which share Alt with its controls.
    auto* bar = window.findChild<QMenuBar*>();
    if (bar) {
        for (QAction* menu : bar->actions())
            collect(seen, menu->text());
    }
    for (QWidget* w : window.findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&window) && !(bar && qobject_cast<QAbstractButton*>(w)))
            continue;
        if (auto* box = qobject_cast<QDialogButtonBox*>(w->parentWidget())) {
            if (auto* button = qobject_cast<QPushButton*>(w); button && box->standardButton(button)) {
                collect(seen, desktopText(box->standardButton(button), button->text()));
                continue;
            }
        }
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->buddy())
                collect(seen, label->text());
            else if (!mnemonic(label->text()).isNull() && label->textFormat() != Qt::RichText)
                orphans
                    << QStringLiteral("%1: \u201C%2\u201D names a key but no field").arg(name, label->text());
        }
        auto* tool = qobject_cast<QToolButton*>(w);
        if (auto* button = qobject_cast<QAbstractButton*>(w); button && !(tool && tool->defaultAction()))
            collect(seen, button->text()); // a toolbar's buttons show their action's text without one
        if (auto* group = qobject_cast<QGroupBox*>(w); group && group->isCheckable())
            collect(seen, group->title());
        if (auto* tabs = qobject_cast<QTabWidget*>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                collect(seen, tabs->tabText(i));
        }
    }
    return orphans << clashes(seen, name);
}

// GNOME's Qt theme gives the standard buttons mnemonics the offscreen platform does not ("&Cancel"), in
// Qt's own catalogue's language.
QString TestMnemonics::desktopText(QDialogButtonBox::StandardButton button, const QString& shown)
{
    switch (button) {
    case QDialogButtonBox::Ok:
        return QCoreApplication::translate("QGnomeTheme", "&OK");
    case QDialogButtonBox::Save:
        return QCoreApplication::translate("QGnomeTheme", "&Save");
    case QDialogButtonBox::Cancel:
        return QCoreApplication::translate("QGnomeTheme", "&Cancel");
    case QDialogButtonBox::Close:
        return QCoreApplication::translate("QGnomeTheme", "&Close");
    default:
        return shown;
    }
}

QStringList TestMnemonics::inMenus(QWidget& window, const QString& name)
{
    QStringList found;
    auto* bar = window.findChild<QMenuBar*>();
    if (!bar)
        return found;
    for (QAction* menuAction : bar->actions()) {
        QMenu* menu = menuAction->menu();
        if (!menu)
            continue;
        QHash<QChar, QStringList> items;
        for (QAction* item : menu->actions()) {
            if (item->isVisible() && !item->isSeparator())
                collect(items, item->text());
        }
        found << clashes(items, QStringLiteral("%1 menu %2").arg(name, menuAction->text()));
    }
    return found;
}

void TestMnemonics::everyWindowAndMenu_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::newRow("en") << QLocale(QLocale::English, QLocale::UnitedStates);
    QTest::newRow("de") << QLocale(QLocale::German, QLocale::Germany);
    QTest::newRow("fr") << QLocale(QLocale::French, QLocale::France);
}

void TestMnemonics::everyWindowAndMenu()
{
    QFETCH(QLocale, locale);
    const AppTranslations translations(locale);
    if (locale.language() != QLocale::English) // else this row would check English again
        QVERIFY(translations.hasOwn() && translations.hasQt());
    QStringList found;
    int windows = 0;
    EveryWindow().forEach([&](QWidget& window, const QString& name) {
        ++windows;
        found << inWindow(window, name) << inMenus(window, name);
    });
    QVERIFY(windows >= 10);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestMnemonics)
#include "tst_mnemonics.moc"

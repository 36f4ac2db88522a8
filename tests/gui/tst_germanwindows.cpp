#include "EveryWindow.h"
#include "gui/AppTranslations.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTest>
#include <QTextDocumentFragment>
#include <QToolBar>
#include <QXmlStreamReader>

// Every window and dialog opened in German, as a German desktop starts KeyDesk: no text on screen may be
// English that our catalogue translates -- a string built outside tr(), a translation not loaded, a widget
// that kept its .ui text. (Words the same in both languages, and texts that are data, pass.)
class TestGermanWindows : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void noEnglishThatHasATranslation();

private:
    static QString normalised(QString text);
    static QStringList visibleTexts(QWidget& window);

    QHash<QString, QString> m_translated; // English source -> German, where they differ
};

QString TestGermanWindows::normalised(QString text)
{
    if (Qt::mightBeRichText(text))
        text = QTextDocumentFragment::fromHtml(text).toPlainText();
    return text.remove(QLatin1Char('&')).simplified();
}

void TestGermanWindows::initTestCase()
{
    QFile ts(QStringLiteral(KEYDESK_TRANSLATIONS_DIR "/keydesk_de.ts"));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation") && !source.contains(QLatin1Char('%'))) {
            const QString german = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!german.isEmpty() && normalised(german) != normalised(source))
                m_translated.insert(normalised(source), german);
        }
    }
    QVERIFY(!xml.hasError());
    QVERIFY(m_translated.size() > 500);
}

QStringList TestGermanWindows::visibleTexts(QWidget& window)
{
    QStringList texts{window.windowTitle()};
    for (QWidget* w : window.findChildren<QWidget*>()) {
        if (!w->isVisibleTo(&window))
            continue;
        texts << w->toolTip() << w->accessibleName();
        if (auto* label = qobject_cast<QLabel*>(w))
            texts << label->text();
        if (auto* button = qobject_cast<QAbstractButton*>(w))
            texts << button->text();
        if (auto* group = qobject_cast<QGroupBox*>(w))
            texts << group->title();
        if (auto* edit = qobject_cast<QLineEdit*>(w))
            texts << edit->placeholderText();
        if (auto* plain = qobject_cast<QPlainTextEdit*>(w))
            texts << plain->placeholderText();
        if (auto* combo = qobject_cast<QComboBox*>(w))
            for (int i = 0; i < combo->count(); ++i)
                texts << combo->itemText(i);
        if (auto* list = qobject_cast<QListWidget*>(w)) // the connections: "Local", its state, its sync
            for (int i = 0; i < list->count(); ++i)
                texts << list->item(i)->text().split(QLatin1Char('\n'));
        if (auto* tabs = qobject_cast<QTabWidget*>(w))
            for (int i = 0; i < tabs->count(); ++i)
                texts << tabs->tabText(i);
        if (auto* bar = qobject_cast<QToolBar*>(w))
            for (QAction* a : bar->actions())
                texts << a->text() << a->toolTip();
    }
    if (auto* bar = window.findChild<QMenuBar*>()) {
        for (QMenu* menu : bar->findChildren<QMenu*>()) {
            texts << menu->title();
            for (QAction* a : menu->actions())
                texts << a->text() << a->toolTip();
        }
    }
    return texts;
}

void TestGermanWindows::noEnglishThatHasATranslation()
{
    const AppTranslations german{QLocale(QLocale::German, QLocale::Germany)};
    QVERIFY(german.hasOwn());
    QStringList english;
    EveryWindow().forEach([&](QWidget& window, const QString& name) {
        for (const QString& text : visibleTexts(window)) {
            const QString seen = normalised(text);
            if (!seen.isEmpty() && m_translated.contains(seen))
                english << QStringLiteral("%1: \u201C%2\u201D").arg(name, seen);
        }
    });
    english.removeDuplicates();
    QVERIFY2(english.isEmpty(), qPrintable(english.join(QStringLiteral("\n"))));
}

QTEST_MAIN(TestGermanWindows)
#include "tst_germanwindows.moc"

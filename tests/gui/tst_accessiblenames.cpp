#include "EveryWindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

// A screen reader names every control a person can reach: each visible, enabled-or-not interactive widget
// of every window and dialog has an accessible name -- its own, its text, or its label's (buddy) -- as
// Qt's accessibility layer reports it to the screen reader.
class TestAccessibleNames : public QObject
{
    Q_OBJECT

private slots:
    void everyWindow();

private:
    static QStringList unnamed(QWidget* window);
};

QStringList TestAccessibleNames::unnamed(QWidget* window)
{
    QStringList missing;
    for (QWidget* w : window->findChildren<QWidget*>()) {
        const bool interactive = qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w) ||
                                 qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
                                 qobject_cast<QAbstractItemView*>(w) || qobject_cast<QPlainTextEdit*>(w);
        if (!interactive || !w->isVisibleTo(window) || w->focusPolicy() == Qt::NoFocus)
            continue;
        if (qobject_cast<QLineEdit*>(w) && (qobject_cast<QComboBox*>(w->parentWidget()) ||
                                            qobject_cast<QAbstractSpinBox*>(w->parentWidget())))
            continue; // a combo or spin box's own line edit: the box is what is named
        QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(w);
        const QString name = accessible ? accessible->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            missing << QStringLiteral("%1 (%2)").arg(w->objectName(),
                                                     QString::fromLatin1(w->metaObject()->className()));
    }
    return missing;
}

void TestAccessibleNames::everyWindow()
{
    QStringList missing;
    EveryWindow().forEach([&](QWidget& window, const QString& name) {
        for (const QString& control : unnamed(&window))
            missing << name + QLatin1Char('/') + control;
    });
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
}

QTEST_MAIN(TestAccessibleNames)
#include "tst_accessiblenames.moc"

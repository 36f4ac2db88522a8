#pragma once

#include "gui/AppTranslations.h"

#include <QApplication>
#include <QDir>
#include <QPalette>
#include <QPixmap>
#include <QTest>
#include <QWidget>
#include <memory>

// One look a screenshot test renders every view in: the default palette, a dark one (files named
// *-dark.png), German or French (*-de.png, *-fr.png, for the translated user guides). With
// KEYDESK_SCREENSHOT_DIR set (scripts/screenshots, under Xvfb) save() also writes the PNGs for docs/.
class ScreenshotVariant
{
public:
    // The rows of a test's _data function: one per look, its column "suffix".
    static void addRows()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("light") << QString();
        QTest::newRow("dark") << QStringLiteral("-dark");
        QTest::newRow("de") << QStringLiteral("-de");
        QTest::newRow("fr") << QStringLiteral("-fr");
    }

    // In init(): the row's palette, and our catalogue and Qt's, loaded as the app does for that locale.
    void apply(const QString& suffix)
    {
        m_light = QApplication::palette();
        m_suffix = suffix;
        if (suffix == QLatin1String("-dark"))
            QApplication::setPalette(darkPalette());
        if (suffix == QLatin1String("-de"))
            m_translations = std::make_unique<AppTranslations>(QLocale(QLocale::German, QLocale::Germany));
        if (suffix == QLatin1String("-fr"))
            m_translations = std::make_unique<AppTranslations>(QLocale(QLocale::French, QLocale::France));
        if (m_translations)
            QVERIFY(m_translations->hasOwn());
    }

    // In cleanup(): the default palette and no translations again.
    void restore()
    {
        QApplication::setPalette(m_light);
        m_translations.reset();
    }

    QString suffix() const { return m_suffix; }
    bool dark() const { return m_suffix == QLatin1String("-dark"); }

    // Shows `widget`, checks it painted, and writes it as `name` with this look's suffix (and @2x at 200%).
    void save(QWidget* widget, const QString& name) const
    {
        widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(widget));
        QTest::qWait(150);
        const QPixmap shot = widget->grab();
        QVERIFY(!shot.isNull());
        QVERIFY(shot.width() > 300 && shot.height() > 150);
        const QString dir = qEnvironmentVariable("KEYDESK_SCREENSHOT_DIR");
        QString file = name;
        // At 200% (QT_SCALE_FACTOR=2, scripts/screenshots' second pass) the files are named *@2x.png.
        const QString scale = widget->devicePixelRatioF() >= 2 ? QStringLiteral("@2x") : QString();
        file.insert(file.lastIndexOf(QLatin1Char('.')), m_suffix + scale);
        if (!dir.isEmpty())
            QVERIFY(shot.save(QDir(dir).filePath(file)));
    }

private:
    // Close to KDE's Breeze Dark, the dark palette most of our users run.
    static QPalette darkPalette()
    {
        QPalette p;
        const QColor window(0x2a, 0x2e, 0x32), base(0x1b, 0x1e, 0x20), text(0xfc, 0xfc, 0xfc);
        const QColor button(0x31, 0x36, 0x3b), highlight(0x3d, 0xae, 0xe9), muted(0x6e, 0x71, 0x73);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, window);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, button);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::Highlight, highlight);
        p.setColor(QPalette::HighlightedText, text);
        p.setColor(QPalette::ToolTipBase, base);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(0xa1, 0xa9, 0xb1));
        p.setColor(QPalette::Link, QColor(0x1d, 0x99, 0xf3));
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, muted);
        return p;
    }

    QPalette m_light;
    QString m_suffix;
    std::unique_ptr<AppTranslations> m_translations;
};

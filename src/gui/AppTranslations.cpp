#include "AppTranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>

AppTranslations::AppTranslations(const QLocale& locale)
{
    m_ownLoaded =
        m_own.load(locale, QStringLiteral("keydesk"), QStringLiteral("_"), QStringLiteral(":/i18n")) &&
        QCoreApplication::installTranslator(&m_own);
    // Qt's only in the language ours speaks: an app in English with Spanish buttons is worse than either.
    m_qtLoaded = m_ownLoaded &&
                 m_qt.load(QLocale(m_own.language()), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
                 QCoreApplication::installTranslator(&m_qt);
}

AppTranslations::~AppTranslations()
{
    if (m_ownLoaded)
        QCoreApplication::removeTranslator(&m_own);
    if (m_qtLoaded)
        QCoreApplication::removeTranslator(&m_qt);
}

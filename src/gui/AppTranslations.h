#pragma once

#include <QLocale>
#include <QTranslator>

// The app's catalogue (built in as :/i18n/keydesk_<lang>.qm) and Qt's own qtbase catalogue (the standard
// buttons' "Cancel", "Close", the file dialogs), for one locale, installed together so a dialog never mixes
// languages. Lives as long as the translations are wanted.
class AppTranslations
{
public:
    // Installs what exists for `locale`; English needs neither.
    explicit AppTranslations(const QLocale& locale = QLocale());
    ~AppTranslations();
    AppTranslations(const AppTranslations&) = delete;
    AppTranslations& operator=(const AppTranslations&) = delete;

    bool hasOwn() const { return m_ownLoaded; }
    bool hasQt() const { return m_qtLoaded; }

private:
    QTranslator m_own;
    QTranslator m_qt;
    bool m_ownLoaded = false;
    bool m_qtLoaded = false;
};

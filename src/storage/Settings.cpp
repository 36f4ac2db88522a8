#include "Settings.h"

#include <algorithm>

namespace {

struct Entry
{
    Settings::Key key;
    const char* name;
    QVariant defaultValue;
};

const Entry& entry(Settings::Key key)
{
    using K = Settings::Key;
    static const Entry entries[] = {
        {K::ClipboardTimeoutSeconds, "clipboard/timeoutSeconds", 30},
        {K::ReminderDays, "reminders/daysBeforeExpiry", 14},
        {K::RemoteServiceUrl, "service/remoteUrl", QString()},
        {K::ActiveService, "service/activeConnection", QString()},
        {K::RequestDeadlineSeconds, "network/requestDeadlineSeconds", 30},
        {K::PrivacyLockIdleMinutes, "privacy/lockAfterIdleMinutes", 10},
        {K::PrivacyLockOnMinimise, "privacy/lockOnMinimise", false},
        {K::MainWindowGeometry, "mainWindow/geometry", QByteArray()},
        {K::MainWindowState, "mainWindow/state", QByteArray()},
    };
    for (const Entry& e : entries) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

Settings::Settings()
    : m_settings(std::make_unique<QSettings>(QStringLiteral("KeyDesk"), QStringLiteral("KeyDesk")))
{}

Settings::Settings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{}

QVariant Settings::value(Key key) const
{
    const Entry& e = entry(key);
    return m_settings->value(QLatin1String(e.name), e.defaultValue);
}

void Settings::setValue(Key key, const QVariant& value)
{
    m_settings->setValue(QLatin1String(entry(key).name), value);
}

void Settings::remove(Key key)
{
    m_settings->remove(QLatin1String(entry(key).name));
}

int Settings::requestDeadlineMs() const
{
    bool ok = false;
    const int seconds = value(Key::RequestDeadlineSeconds).toInt(&ok);
    return std::clamp(ok ? seconds : 30, 5, 300) * 1000;
}

int Settings::privacyLockIdleMs() const
{
    bool ok = false;
    const int minutes = value(Key::PrivacyLockIdleMinutes).toInt(&ok);
    return std::clamp(ok ? minutes : 10, 0, 24 * 60) * 60 * 1000;
}

#include "Settings.h"

#include <algorithm>

namespace {

struct Entry
{
    Settings::Key key;
    const char* name;
    QVariant defaultValue;
    std::optional<Settings::Range> range = std::nullopt; // numbers only
};

const Entry& entry(Settings::Key key)
{
    using K = Settings::Key;
    static const Entry entries[] = {
        {K::ClipboardTimeoutSeconds, "clipboard/timeoutSeconds", 30, Settings::Range{5, 600}},
        {K::ReminderDays, "reminders/daysBeforeExpiry", 14, Settings::Range{1, 90}},
        {K::RemoteServiceUrl, "service/remoteUrl", QString()},
        {K::ActiveService, "service/activeConnection", QString()},
        {K::RequestDeadlineSeconds, "network/requestDeadlineSeconds", 30, Settings::Range{5, 300}},
        {K::PrivacyLockIdleMinutes, "privacy/lockAfterIdleMinutes", 10, Settings::Range{0, 24 * 60}},
        {K::PrivacyLockOnMinimise, "privacy/lockOnMinimise", false},
        {K::MainWindowGeometry, "mainWindow/geometry", QByteArray()},
        {K::MainWindowState, "mainWindow/state", QByteArray()},
        {K::Language, "interface/language", QString()},
        {K::StartMinimised, "interface/startMinimised", false},
        {K::KeychainDeadlineSeconds, "keychain/deadlineSeconds", 60, Settings::Range{5, 600}},
        {K::KeychainEntriesLabelled, "keychain/entriesLabelled", false},
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
    const QVariant stored = m_settings->value(QLatin1String(e.name), e.defaultValue);
    if (!e.range)
        return stored;
    bool ok = false;
    const qint64 number = stored.toString().trimmed().toLongLong(&ok);
    return int(std::clamp<qint64>(ok ? number : e.defaultValue.toInt(), e.range->min, e.range->max));
}

QVariant Settings::defaultValue(Key key)
{
    return entry(key).defaultValue;
}

std::optional<Settings::Range> Settings::range(Key key)
{
    return entry(key).range;
}

void Settings::setValue(Key key, const QVariant& value)
{
    m_settings->setValue(QLatin1String(entry(key).name), value);
}

void Settings::remove(Key key)
{
    m_settings->remove(QLatin1String(entry(key).name));
}

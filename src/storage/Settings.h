#pragma once

#include <QSettings>
#include <memory>

// Typed preferences with one table of defaults. Never holds a secret. Tests pass a file of their own.
class Settings
{
public:
    enum class Key
    {
        ClipboardTimeoutSeconds,
        ReminderDays,
        RemoteServiceUrl, // before inventory v7 only: read once by MigrateKeychainNames, then removed
        ActiveService,    // uid of the remote KeyDesk connection the app works on; empty: the local one
        RequestDeadlineSeconds,
        PrivacyLockIdleMinutes, // 0: never on idle
        PrivacyLockOnMinimise,
        MainWindowGeometry,
        MainWindowState
    };

    Settings(); // the user's settings (QSettings' native place for organisation "KeyDesk")
    explicit Settings(const QString& iniFile);

    QVariant value(Key key) const;
    void remove(Key key);
    // Every outgoing request's overall deadline, clamped to 5..300 s whatever the file says.
    int requestDeadlineMs() const;
    // Idle time before the privacy lock engages, clamped to 0 (off) .. 24 h.
    int privacyLockIdleMs() const;
    void setValue(Key key, const QVariant& value);
    int clipboardTimeoutSeconds() const { return value(Key::ClipboardTimeoutSeconds).toInt(); }
    QString fileName() const { return m_settings->fileName(); }

private:
    std::unique_ptr<QSettings> m_settings;
};

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
        RemoteServiceUrl,
        MainWindowGeometry,
        MainWindowState
    };

    Settings(); // the user's settings (QSettings' native place for organisation "KeyDesk")
    explicit Settings(const QString& iniFile);

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);
    int clipboardTimeoutSeconds() const { return value(Key::ClipboardTimeoutSeconds).toInt(); }
    QString fileName() const { return m_settings->fileName(); }

private:
    std::unique_ptr<QSettings> m_settings;
};

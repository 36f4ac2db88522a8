#pragma once

#include <QSettings>
#include <memory>
#include <optional>

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
        MainWindowState,
        Language,       // "" follows the system; otherwise a catalogue's language code ("de", "fr", "en")
        StartMinimised, // the window opens minimised
        KeychainDeadlineSeconds, // how long a keychain job may take, its unlock dialog included
        KeychainEntriesLabelled  // every keychain entry carries its readable label (RelabelKeychainEntries)
    };
    struct Range
    {
        int min;
        int max;
    };

    Settings(); // the user's settings (QSettings' native place for organisation "KeyDesk")
    explicit Settings(const QString& iniFile);

    // A number is always within its key's range, and a value that is no number is the default: a
    // hand-edited file cannot set a clipboard timeout of 0 or of ten years.
    QVariant value(Key key) const;
    int intValue(Key key) const { return value(key).toInt(); }
    static std::optional<Range> range(Key key); // for numbers; the Preferences dialog's limits too
    static QVariant defaultValue(Key key);
    void remove(Key key);
    // Every outgoing request's overall deadline (5..300 s).
    int requestDeadlineMs() const { return intValue(Key::RequestDeadlineSeconds) * 1000; }
    // How long one keychain job may take, the user's answer to an unlock dialog included (5..600 s).
    int keychainDeadlineMs() const { return intValue(Key::KeychainDeadlineSeconds) * 1000; }
    // Idle time before the privacy lock engages, 0 (off) .. 24 h.
    int privacyLockIdleMs() const { return intValue(Key::PrivacyLockIdleMinutes) * 60 * 1000; }
    void setValue(Key key, const QVariant& value);
    int clipboardTimeoutSeconds() const { return intValue(Key::ClipboardTimeoutSeconds); }
    QString fileName() const { return m_settings->fileName(); }

private:
    std::unique_ptr<QSettings> m_settings;
};

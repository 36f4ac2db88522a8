#pragma once

#include "storage/Settings.h"

#include <QDialog>
#include <functional>

class QCheckBox;
class QComboBox;
class QSpinBox;

// Preferences: how long a copied secret stays on the clipboard, how early expiries are reminded, when the
// privacy lock engages, how long a request may take, the language and whether the window starts
// minimised. Every number is held to the range Settings keeps it in. OK writes them; the caller applies
// them at once (MainWindow::applyPreferences), except the language, which takes effect at the next start.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(Settings& settings, QWidget* parent = nullptr);

    // The languages offered, besides the system's: code and name in its own language.
    static QList<QPair<QString, QString>> languages();

public slots:
    void accept() override;
    void restoreDefaults();

private:
    QSpinBox* numberField(int settingKey, const QString& suffix);
    // Fills every field from `valueOf`: the settings file's values, or the defaults.
    void fill(const std::function<QVariant(Settings::Key)>& valueOf);

    Settings& m_settings;
    QSpinBox* m_clipboard;
    QSpinBox* m_reminder;
    QSpinBox* m_idle;
    QCheckBox* m_lockOnMinimise;
    QSpinBox* m_deadline;
    QComboBox* m_language;
    QCheckBox* m_startMinimised;
};

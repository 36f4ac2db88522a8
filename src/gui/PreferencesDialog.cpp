#include "PreferencesDialog.h"

#include "storage/Settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

PreferencesDialog::PreferencesDialog(Settings& settings, QWidget* parent)
    : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Preferences"));
    using K = Settings::Key;
    m_clipboard = numberField(int(K::ClipboardTimeoutSeconds), tr(" s"));
    m_reminder = numberField(int(K::ReminderDays), QString());
    // "1 day", "2 days": the suffix follows the number.
    const auto daySuffix = [this](int days) {
        m_reminder->setSuffix(days == 1 ? tr(" day") : tr(" days"));
    };
    daySuffix(m_reminder->value());
    connect(m_reminder, &QSpinBox::valueChanged, this, daySuffix);
    m_idle = numberField(int(K::PrivacyLockIdleMinutes), tr(" min"));
    m_idle->setSpecialValueText(tr("Never")); // 0
    m_deadline = numberField(int(K::RequestDeadlineSeconds), tr(" s"));
    m_lockOnMinimise = new QCheckBox(tr("Also lock when the window is &minimised"), this);
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageComboBox"));
    m_language->addItem(tr("System default"), QString());
    for (const auto& [code, name] : languages())
        m_language->addItem(name, code);
    m_startMinimised = new QCheckBox(tr("&Start minimised to the system tray"), this);
    m_startMinimised->setToolTip(tr("Where the desktop has no system tray, KeyDesk starts minimised to the "
                                    "taskbar."));
    m_lockOnMinimise->setObjectName(QStringLiteral("lockOnMinimiseCheckBox"));
    m_startMinimised->setObjectName(QStringLiteral("startMinimisedCheckBox"));

    auto* form = new QFormLayout;
    const QList<QPair<QString, QWidget*>> rows = {
        {tr("Clear a copied secret &after:"), m_clipboard},
        {tr("&Remind of expiry:"), m_reminder},
        {tr("Privacy lock after &idle:"), m_idle},
        {QString(), m_lockOnMinimise},
        {tr("Give up on a re&quest after:"), m_deadline},
        {tr("&Language:"), m_language},
        {QString(), m_startMinimised},
    };
    for (const auto& [label, field] : rows) {
        if (label.isEmpty()) {
            form->addRow(field);
            continue;
        }
        auto* caption = new QLabel(label, this);
        caption->setBuddy(field);
        form->addRow(caption, field);
        field->setAccessibleName(QString(label).remove(QLatin1Char('&')).remove(QLatin1Char(':')));
    }
    m_reminder->setToolTip(tr("Days before a key expires that KeyDesk reminds you, and what “Expiring "
                              "soon” lists."));
    auto* languageNote = new QLabel(tr("A new language takes effect at the next start."), this);
    languageNote->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &PreferencesDialog::restoreDefaults);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(languageNote);
    layout->addWidget(buttons);

    fill([&settings](Settings::Key key) { return settings.value(key); });
}

void PreferencesDialog::fill(const std::function<QVariant(Settings::Key)>& valueOf)
{
    using K = Settings::Key;
    m_clipboard->setValue(valueOf(K::ClipboardTimeoutSeconds).toInt());
    m_reminder->setValue(valueOf(K::ReminderDays).toInt());
    m_idle->setValue(valueOf(K::PrivacyLockIdleMinutes).toInt());
    m_deadline->setValue(valueOf(K::RequestDeadlineSeconds).toInt());
    m_lockOnMinimise->setChecked(valueOf(K::PrivacyLockOnMinimise).toBool());
    m_startMinimised->setChecked(valueOf(K::StartMinimised).toBool());
    const int language = m_language->findData(valueOf(K::Language).toString());
    m_language->setCurrentIndex(qMax(0, language)); // an unknown code: the system's
}

QList<QPair<QString, QString>> PreferencesDialog::languages()
{
    // Each in its own language: someone who cannot read the current one still finds theirs.
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("fr"), QStringLiteral("Fran\u00E7ais")}};
}

QSpinBox* PreferencesDialog::numberField(int settingKey, const QString& suffix)
{
    auto* field = new QSpinBox(this);
    const auto range = Settings::range(Settings::Key(settingKey));
    field->setRange(range->min, range->max);
    field->setSuffix(suffix);
    return field;
}

void PreferencesDialog::restoreDefaults()
{
    fill(&Settings::defaultValue);
}

void PreferencesDialog::accept()
{
    using K = Settings::Key;
    m_settings.setValue(K::ClipboardTimeoutSeconds, m_clipboard->value());
    m_settings.setValue(K::ReminderDays, m_reminder->value());
    m_settings.setValue(K::PrivacyLockIdleMinutes, m_idle->value());
    m_settings.setValue(K::RequestDeadlineSeconds, m_deadline->value());
    m_settings.setValue(K::PrivacyLockOnMinimise, m_lockOnMinimise->isChecked());
    m_settings.setValue(K::StartMinimised, m_startMinimised->isChecked());
    m_settings.setValue(K::Language, m_language->currentData().toString());
    QDialog::accept();
}

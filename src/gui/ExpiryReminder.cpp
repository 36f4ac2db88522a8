#include "ExpiryReminder.h"

#include "core/Plural.h"
#include "usecases/DueReminders.h"

#include <QSystemTrayIcon>

ExpiryReminder::ExpiryReminder(InventoryStore& store, int thresholdDays, const Clock& clock, QObject* parent)
    : QObject(parent), m_store(store), m_thresholdDays(thresholdDays), m_clock(clock)
{
    connect(&m_timer, &QTimer::timeout, this, &ExpiryReminder::check);
}

ExpiryReminder::~ExpiryReminder() = default;

void ExpiryReminder::start(int intervalMs)
{
    m_timer.start(intervalMs);
    check();
}

void ExpiryReminder::check()
{
    auto found = DueReminders(m_store, m_clock).find(m_thresholdDays);
    if (!found)
        return; // the window reports storage problems; a reminder can wait for the next check
    const QList<ReminderPlanner::Reminder>& due = found.value();
    if (due.isEmpty())
        return;
    if (m_tray) {
        if (due.size() == 1) {
            m_tray->showMessage(due.first().title, due.first().message, QSystemTrayIcon::Warning);
        } else {
            int expired = 0;
            for (const auto& r : due)
                expired += r.kind == ReminderPlanner::Reminder::Kind::Expired;
            m_tray->showMessage(tr("API keys need attention"),
                                plural(int(due.size()) - expired, "ExpiryReminder",
                                       QT_TRANSLATE_NOOP("ExpiryReminder", "%1 key expires soon"),
                                       QT_TRANSLATE_NOOP("ExpiryReminder", "%1 keys expire soon")) +
                                    QStringLiteral(", ") +
                                    plural(expired, "ExpiryReminder",
                                           QT_TRANSLATE_NOOP("ExpiryReminder", "%1 has expired."),
                                           QT_TRANSLATE_NOOP("ExpiryReminder", "%1 have expired.")),
                                QSystemTrayIcon::Warning);
        }
    }
    // Unrecorded, these reminders come once more at the next check: better twice than never.
    (void)DueReminders(m_store, m_clock).markShown(due);
    emit reminded(due);
}

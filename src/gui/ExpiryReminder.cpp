#include "ExpiryReminder.h"

#include "core/Plural.h"
#include "storage/InventoryStore.h"

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
    // Only keys near their date, a page at a time: a million-key inventory is not read whole every hour.
    const QDateTime now = m_clock.now();
    auto shown = m_store.shownReminders();
    if (!shown)
        return; // the window reports storage problems; a reminder can wait for the next check
    InventoryQuery nearTheirDate;
    nearTheirDate.expiresAfter = now.addDays(-ExpiredLookbackDays);
    nearTheirDate.expiresUntil = now.addDays(m_thresholdDays);
    nearTheirDate.sortColumn = InventoryQuery::Column::ExpiresAt;
    nearTheirDate.limit = PageSize;
    QList<ReminderPlanner::Reminder> due;
    for (;; nearTheirDate.offset += PageSize) {
        auto page = m_store.credentials(nearTheirDate);
        if (!page)
            return;
        due += ReminderPlanner::due(page.value(), now, m_thresholdDays, shown.value());
        if (page.value().size() < PageSize)
            break;
    }
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
    QStringList keys;
    for (const auto& r : due)
        keys << r.key;
    // Unrecorded, these reminders come once more at the next check: better twice than never.
    (void)m_store.markRemindersShown(keys, m_clock.now());
    emit reminded(due);
}

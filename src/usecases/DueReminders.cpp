#include "DueReminders.h"

#include "storage/InventoryStore.h"
#include "storage/ShownReminders.h"

Expected<QList<ReminderPlanner::Reminder>> DueReminders::find(int thresholdDays) const
{
    const QDateTime now = m_clock.now();
    auto shown = ShownReminders(m_store).all();
    if (!shown)
        return shown.error();
    InventoryQuery nearTheirDate;
    nearTheirDate.expiresAfter = now.addDays(-ExpiredLookbackDays);
    nearTheirDate.expiresUntil = now.addDays(thresholdDays);
    nearTheirDate.sortColumn = InventoryQuery::Column::ExpiresAt;
    nearTheirDate.limit = PageSize;
    QList<ReminderPlanner::Reminder> due;
    for (;; nearTheirDate.offset += PageSize) {
        auto page = m_store.credentials(nearTheirDate);
        if (!page)
            return page.error();
        due += ReminderPlanner::due(page.value(), now, thresholdDays, shown.value());
        if (page.value().size() < PageSize)
            return due;
    }
}

Expected<void> DueReminders::markShown(const QList<ReminderPlanner::Reminder>& shown)
{
    QStringList keys;
    for (const auto& r : shown)
        keys << r.key;
    return ShownReminders(m_store).mark(keys, m_clock.now());
}

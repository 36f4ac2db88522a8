#pragma once

#include "core/Clock.h"
#include "core/Expected.h"
#include "core/ReminderPlanner.h"

#include <QList>

class InventoryStore;

// The expiry reminders due now: keys expiring within `thresholdDays` or expired in the last
// ExpiredLookbackDays, less those already shown. Older expiries are history (the "Expired" filter lists
// them), not news, and a first start on a big old inventory should not raise thousands.
class DueReminders
{
public:
    static constexpr int ExpiredLookbackDays = 30;
    static constexpr int PageSize = 2000;

    DueReminders(InventoryStore& store, const Clock& clock) : m_store(store), m_clock(clock) {}

    // Only keys near their date are read, a page at a time: a million-key inventory is not read whole.
    Expected<QList<ReminderPlanner::Reminder>> find(int thresholdDays) const;
    // Each is shown once; unrecorded, they come once more at the next check (better twice than never).
    Expected<void> markShown(const QList<ReminderPlanner::Reminder>& shown);

private:
    InventoryStore& m_store;
    const Clock& m_clock;
};

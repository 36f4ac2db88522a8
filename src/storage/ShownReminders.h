#pragma once

#include "core/Expected.h"

#include <QDateTime>
#include <QSet>
#include <QStringList>

class InventoryStore;

// The expiry reminders already shown (ReminderPlanner's keys), kept in the inventory's file so each comes
// once.
class ShownReminders
{
public:
    explicit ShownReminders(InventoryStore& store) : m_store(store) {}

    Expected<QSet<QString>> all() const;
    Expected<void> mark(const QStringList& reminderKeys, const QDateTime& shownAt);

private:
    InventoryStore& m_store;
};

#pragma once

#include "core/Clock.h"
#include "core/ReminderPlanner.h"

#include <QObject>
#include <QTimer>

class InventoryStore;
class QSystemTrayIcon;

// Asks for the expiry reminders due (DueReminders: keys expiring within N days, setting, default 14, or
// recently expired) at start and then every hour, and notifies through the system tray (TrayIcon) -- each
// reminder once.
class ExpiryReminder : public QObject
{
    Q_OBJECT

public:
    ExpiryReminder(InventoryStore& store, int thresholdDays, const Clock& clock = Clock::system(),
                   QObject* parent = nullptr);
    ~ExpiryReminder() override;

    void start(int intervalMs = 60 * 60 * 1000);
    void setThresholdDays(int days) { m_thresholdDays = days; } // from the next check on
    // Where reminders are shown; none (no tray on this desktop): only the window shows them.
    void setTray(QSystemTrayIcon* tray) { m_tray = tray; }

public slots:
    void check();

signals:
    // Emitted with what was shown (also when no tray exists, so the window can show it instead).
    void reminded(const QList<ReminderPlanner::Reminder>& reminders);

private:
    InventoryStore& m_store;
    int m_thresholdDays;
    const Clock& m_clock;
    QTimer m_timer;
    QSystemTrayIcon* m_tray = nullptr;
};

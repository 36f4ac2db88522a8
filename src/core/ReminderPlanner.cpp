#include "ReminderPlanner.h"

#include "Plural.h"

#include <QCoreApplication>

QList<ReminderPlanner::Reminder> ReminderPlanner::due(const QList<Credential>& credentials,
                                                      const QDateTime& now, int thresholdDays,
                                                      const QSet<QString>& alreadyShown)
{
    QList<Reminder> due;
    for (const Credential& c : credentials) {
        if (!c.expiresAt.isValid() || c.storedStatus == KeyStatus::Inactive)
            continue; // a switched-off key needs no rotation reminder
        const QString base =
            QStringLiteral("%1/%2/%3").arg(c.connectionId).arg(c.keyId).arg(c.expiresAt.toSecsSinceEpoch());
        if (c.isExpiredAt(now)) {
            const QString key = base + QStringLiteral("/expired");
            if (!alreadyShown.contains(key)) {
                due.append(
                    {Reminder::Kind::Expired, c.id, key,
                     QCoreApplication::translate("ReminderPlanner", "API key expired"),
                     QCoreApplication::translate(
                         "ReminderPlanner", "\u201C%1\u201D (%2) has expired. Anything still using it is "
                                            "refused now: generate a successor.")
                         .arg(c.name, c.keyId)});
            }
        } else if (c.rotationDueWithin(thresholdDays, now)) {
            const QString key = base + QStringLiteral("/within-%1d").arg(thresholdDays);
            if (!alreadyShown.contains(key)) {
                const int days = int((now.secsTo(c.expiresAt) + 86399) / 86400);
                due.append(
                    {Reminder::Kind::ExpiringSoon, c.id, key,
                     QCoreApplication::translate("ReminderPlanner", "API key expiring soon"),
                     plural(
                         days, "ReminderPlanner",
                         QT_TRANSLATE_NOOP("ReminderPlanner",
                                           "\u201C%2\u201D (%3) expires in %1 day. Rotate it before then."),
                         QT_TRANSLATE_NOOP("ReminderPlanner",
                                           "\u201C%2\u201D (%3) expires in %1 days. Rotate it before then."))
                         .arg(c.name, c.keyId)});
            }
        }
    }
    return due;
}

#include "ShownReminders.h"

#include "InventoryStore.h"
#include "sql/SqlErrorMapper.h"
#include "sql/SqlTransaction.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QVariant>

Expected<QSet<QString>> ShownReminders::all() const
{
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT reminder_key FROM reminders_shown")))
        return SqlErrorMapper::map(q.lastError(),
                                   QCoreApplication::translate("InventoryStore", "read the reminders"));
    QSet<QString> keys;
    while (q.next())
        keys.insert(q.value(0).toString());
    return keys;
}

Expected<void> ShownReminders::mark(const QStringList& reminderKeys, const QDateTime& shownAt)
{
    const QString action = QCoreApplication::translate("InventoryStore", "remember the reminders");
    SqlTransaction transaction(m_store.database());
    if (auto begun = transaction.begin(action); !begun)
        return begun;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO reminders_shown (reminder_key, shown_at) VALUES (?, ?)"));
    for (const QString& key : reminderKeys) {
        q.addBindValue(key);
        q.addBindValue(shownAt.toMSecsSinceEpoch());
        if (!q.exec())
            return SqlErrorMapper::map(q.lastError(), action);
    }
    return transaction.commit(action);
}

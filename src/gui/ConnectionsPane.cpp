#include "ConnectionsPane.h"

#include "DateFormat.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>
#include <QListWidget>

ConnectionsPane::ConnectionsPane(QListWidget* list, InventoryStore& store) : m_list(list), m_store(store)
{
    m_list->setSpacing(3);
    m_list->setWordWrap(true);
}

bool ConnectionsPane::update(qint64 serviceInUse, bool reachable)
{
    const QListWidgetItem* picked = m_list->currentItem();
    const qint64 pickedId = picked ? picked->data(Qt::UserRole).toLongLong() : 0;
    const QSignalBlocker quiet(m_list);
    m_list->clear();
    auto connections = m_store.connections();
    if (!connections)
        return true;
    auto* all = new QListWidgetItem(QCoreApplication::translate("MainWindow", "All connections"), m_list);
    all->setData(Qt::UserRole, qint64(0));
    m_list->setCurrentItem(all);
    for (const Connection& c : connections.value()) {
        const bool inUse = c.id == serviceInUse;
        const QString state = inUse ? (reachable ? QCoreApplication::translate("MainWindow", "reachable")
                                                 : QCoreApplication::translate("MainWindow", "unreachable"))
                                    : QString();
        const QString synced = c.lastSyncedAt.isValid()
                                   ? QCoreApplication::translate("MainWindow", "synced %1")
                                         .arg(DateFormat::dateTime(c.lastSyncedAt))
                                   : QCoreApplication::translate("MainWindow", "never synced");
        const QString kind = c.kind == Connection::Kind::KeyDeskService
                                 ? QCoreApplication::translate("MainWindow", "KeyDesk service")
                             : c.kind == Connection::Kind::OAuth2Provider
                                 ? QCoreApplication::translate("MainWindow", "OAuth2 provider")
                                 : QCoreApplication::translate("MainWindow", "API-key provider");
        auto* item = new QListWidgetItem(
            QStringLiteral("%1\n%2\n%3").arg(c.name, state.isEmpty() ? kind : state, synced));
        item->setToolTip(kind);
        if (inUse)
            item->setForeground(reachable ? QBrush(QColor(0x1b, 0x7f, 0x3a))
                                          : QBrush(QColor(0xb3, 0x26, 0x1e)));
        item->setData(Qt::UserRole, c.id);
        m_list->addItem(item);
        if (c.id == pickedId)
            m_list->setCurrentItem(item);
    }
    return pickedId == 0 || m_list->currentItem() != all;
}

#include "ConnectionsPane.h"

#include "DateFormat.h"
#include "StatusColors.h"
#include "UserQuestions.h"
#include "core/Plural.h"
#include "storage/InventoryStore.h"
#include "usecases/RemoveConnection.h"
#include "usecases/RenameConnection.h"

#include <QCoreApplication>
#include <QListWidget>
#include <QMenu>

ConnectionsPane::ConnectionsPane(QListWidget* list, InventoryStore& store, SecretStore* secrets)
    : QObject(list), m_list(list), m_store(store), m_remove(new RemoveConnection(store, secrets, this)),
      m_rename(new RenameConnection(store, secrets, this))
{
    m_list->setSpacing(3);
    m_list->setWordWrap(true);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QWidget::customContextMenuRequested, this, &ConnectionsPane::showMenu);
}

void ConnectionsPane::showMenu(const QPoint& at)
{
    const QListWidgetItem* item = m_list->itemAt(at);
    auto connection = item ? m_store.connection(item->data(Qt::UserRole).toLongLong())
                           : Expected<Connection>(Error(Error::Kind::NotFound, {}));
    if (!connection || connection.value().embedded)
        return;
    QMenu menu(m_list);
    connect(menu.addAction(tr("Rename Connection\u2026")), &QAction::triggered, this,
            [this, c = connection.value()] { rename(c); });
    connect(menu.addAction(tr("Remove Connection\u2026")), &QAction::triggered, this,
            [this, c = connection.value()] { remove(c); });
    menu.exec(m_list->viewport()->mapToGlobal(at));
}

void ConnectionsPane::remove(const Connection& connection)
{
    InventoryQuery inConnection;
    inConnection.connectionId = connection.id;
    const auto counted = m_store.countCredentials(inConnection);
    const int keys = counted ? counted.value() : 0;
    const auto answer = UserQuestions::current().question(
        m_list, tr("Remove connection"),
        plural(
            keys, "ConnectionsPane",
            QT_TRANSLATE_NOOP(
                "ConnectionsPane",
                "Remove \u201C%2\u201D and its %1 credential from this computer, with the secret in "
                "the OS keychain? Nothing changes at the service or the vendor."),
            QT_TRANSLATE_NOOP("ConnectionsPane",
                              "Remove \u201C%2\u201D and its %1 credentials from this computer, with their "
                              "secrets in the OS keychain? Nothing changes at the service or the vendor."))
            .arg(connection.name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel, tr("&Remove Connection"));
    if (answer != QMessageBox::Yes)
        return;
    m_remove->run(connection, [this](Expected<QString> done) {
        done ? emit removed(done.value(), false) : emit removed(done.error().message(), true);
    });
}

void ConnectionsPane::rename(const Connection& connection)
{
    const auto name = UserQuestions::current().text(m_list, tr("Rename connection"),
                                                    tr("New name of \u201C%1\u201D:").arg(connection.name),
                                                    connection.name);
    if (!name || name->trimmed() == connection.name)
        return;
    m_rename->run(connection, *name, [this, old = connection.name](Expected<Connection> done) {
        done ? emit renamed(tr("\u201C%1\u201D is now called \u201C%2\u201D.").arg(old, done.value().name),
                            false)
             : emit renamed(done.error().message(), true);
    });
}

qint64 ConnectionsPane::pickedConnection() const
{
    const QListWidgetItem* picked = m_list->currentItem();
    return picked ? picked->data(Qt::UserRole).toLongLong() : 0;
}

bool ConnectionsPane::update(const QHash<qint64, bool>& services)
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
        const bool inUse = services.contains(c.id);
        const bool reachable = services.value(c.id);
        const QString state =
            inUse ? (reachable ? QCoreApplication::translate("MainWindow", "reachable")
                               : QCoreApplication::translate("MainWindow", "unreachable"))
            : c.kind == Connection::Kind::KeyDeskService
                ? QCoreApplication::translate("MainWindow", "not connected (no token in the keychain)")
                : QString();
        // A provider's credentials are added here and live only here: there is nothing to sync.
        const QString synced = c.kind != Connection::Kind::KeyDeskService
                                   ? QCoreApplication::translate("MainWindow", "kept on this computer")
                               : c.lastSyncedAt.isValid()
                                   ? QCoreApplication::translate("MainWindow", "synced %1")
                                         .arg(DateFormat::dateTime(c.lastSyncedAt))
                                   : QCoreApplication::translate("MainWindow", "never synced");
        const QString kind = c.kind == Connection::Kind::KeyDeskService
                                 ? QCoreApplication::translate("MainWindow", "KeyDesk service")
                             : c.kind == Connection::Kind::OAuth2Provider
                                 ? QCoreApplication::translate("MainWindow", "OAuth2 provider")
                                 : QCoreApplication::translate("MainWindow", "API-key provider");
        // Who this computer is signed in as there, and what that role may do.
        QString second = state.isEmpty() ? kind : state;
        if (c.role)
            second = c.signedInAs.isEmpty() ? QCoreApplication::translate("MainWindow", "%1 \u00B7 %2")
                                                  .arg(second, roleDisplayName(*c.role))
                                            : QCoreApplication::translate("MainWindow", "%1 \u00B7 %2 (%3)")
                                                  .arg(second, c.signedInAs, roleDisplayName(*c.role));
        auto* item = new QListWidgetItem(QStringLiteral("%1\n%2\n%3").arg(c.displayName(), second, synced));
        item->setToolTip(kind);
        if (inUse)
            item->setForeground(StatusColors::forBase(
                reachable ? StatusColors::Tone::Good : StatusColors::Tone::Problem, m_list->palette()));
        item->setData(Qt::UserRole, c.id);
        m_list->addItem(item);
        if (c.id == pickedId)
            m_list->setCurrentItem(item);
    }
    return pickedId == 0 || m_list->currentItem() != all;
}

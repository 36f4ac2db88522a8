// Helper for tst_inventorycrash: syncs one connection's mirror again and again, alternating between two
// different sets of keys, saying "syncing <n>" before and "synced <n>" after each, until it is killed.
//   inventory_sync_child <inventory.sqlite>
#include "TestConnections.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>
#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return 2;
    InventoryStore store;
    if (!store.open(QString::fromLocal8Bit(argv[1])))
        return 1;
    auto connections = store.connections();
    const qint64 connection = connections && !connections.value().isEmpty() ? connections.value().first().id
                                                                            : addTestConnection(store);
    for (int round = 0;; ++round) {
        // 500 keys named "A <i>" or 700 named "B <i>": after any kill the mirror must be one set or the
        // other.
        const bool a = round % 2 == 0;
        QList<Credential> keys;
        for (int i = 0; i < (a ? 500 : 700); ++i) {
            Credential c;
            c.connectionId = connection;
            c.name = QStringLiteral("%1 %2").arg(a ? QLatin1Char('A') : QLatin1Char('B')).arg(i);
            c.keyId = QStringLiteral("kd_%1%2").arg(a ? QLatin1Char('A') : QLatin1Char('B')).arg(i);
            c.description = QString(200, QLatin1Char('d'));
            keys << c;
        }
        std::printf("syncing %d\n", round);
        std::fflush(stdout);
        if (!store.replaceCredentials(connection, keys, QDateTime::currentDateTimeUtc()))
            return 1;
        std::printf("synced %d\n", round);
        std::fflush(stdout);
    }
}

// Fills an inventory with N realistic credentials for the scale benchmarks (issue 6):
//   inventory_generator <inventory.sqlite> <rows>
// Names, descriptions and key ids vary like real ones; statuses, expiries, last-used and last-tested dates
// are spread so every filter has work to do. Deterministic (fixed seed) so runs compare.
#include "storage/InventoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: inventory_generator <inventory.sqlite> <rows>\n");
        return 1;
    }
    const qint64 rows = QByteArray(argv[2]).toLongLong();
    InventoryStore store;
    if (auto opened = store.open(QString::fromLocal8Bit(argv[1])); !opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    QList<qint64> connections;
    // Not "Local": the app adds its own embedded-service connection, and syncing it must not touch these.
    for (const char* name : {"Team service", "Monite sandbox", "m3ter production", "Equipme"}) {
        Connection c;
        c.name = QString::fromLatin1(name);
        c.kind = connections.isEmpty() ? Connection::Kind::KeyDeskService : Connection::Kind::OAuth2Provider;
        if (connections.isEmpty())
            c.url = QUrl(QStringLiteral("https://keys.example.com"));
        auto id = store.addConnection(c);
        if (!id) {
            std::fprintf(stderr, "%s\n", qPrintable(id.error().toString()));
            return 1;
        }
        connections << id.value();
    }
    static const char* const teams[] = {"Billing",   "Payments",    "Search",    "Checkout",
                                        "Analytics", "Support",     "Mobile",    "Partner",
                                        "Internal",  "Überwachung", "Reporting", "Ingest"};
    static const char* const uses[] = {"export",      "deploy",   "sync",       "webhook", "cron",
                                       "smoke tests", "backfill", "monitoring", "sandbox", "CI"};
    QRandomGenerator rng(20261125);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QElapsedTimer timer;
    timer.start();
    QList<Credential> batch;
    for (qint64 i = 0; i < rows; ++i) {
        Credential c;
        c.connectionId = connections.at(int(i % connections.size()));
        c.name = QStringLiteral("%1 %2 %3")
                     .arg(QString::fromUtf8(teams[rng.bounded(12)]), QString::fromUtf8(uses[rng.bounded(10)]))
                     .arg(i);
        c.description =
            QStringLiteral("Used by the %1 team for %2, ticket OPS-%3")
                .arg(QString::fromUtf8(teams[rng.bounded(12)]), QString::fromUtf8(uses[rng.bounded(10)]))
                .arg(rng.bounded(100000));
        // The service's shape: "kd_" and 20 random base32 characters.
        static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        c.keyId = QStringLiteral("kd_");
        for (int k = 0; k < 20; ++k)
            c.keyId += QLatin1Char(base32[rng.bounded(32)]);
        c.last4 = QString::number(rng.bounded(10000), 36).rightJustified(4, QLatin1Char('0'));
        c.storedStatus = rng.bounded(10) == 0 ? KeyStatus::Inactive : KeyStatus::Active;
        c.createdAt = now.addSecs(-qint64(rng.bounded(400 * 86400)));
        if (rng.bounded(5) != 0)
            c.expiresAt = c.createdAt.addDays(QList<int>{7, 30, 90, 180, 365}.at(rng.bounded(5)));
        if (rng.bounded(3) != 0)
            c.lastUsedAt = now.addSecs(-qint64(rng.bounded(60 * 86400)));
        if (rng.bounded(4) == 0)
            c.lastTestedAt = now.addSecs(-qint64(rng.bounded(90 * 86400)));
        batch << c;
        if (batch.size() == 20000 || i + 1 == rows) {
            if (auto saved = store.saveCredentials(batch); !saved) {
                std::fprintf(stderr, "%s\n", qPrintable(saved.error().toString()));
                return 1;
            }
            batch.clear();
        }
    }
    std::printf("%lld rows in %.1f s\n", rows, timer.elapsed() / 1000.0);
    return 0;
}

// Filter-as-you-type over a generated inventory (issue 6): for each keystroke of a few search words, the time
// the table needs (first page of 100 rows + the row count) through InventoryStore, as p50/p95.
//   inventory_filter_bench <inventory.sqlite>
// bench/inventory_scale.sh runs it next to the same SQL in the sqlite3 CLI as the baseline.
#include "storage/InventoryStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: inventory_filter_bench <inventory.sqlite>\n");
        return 1;
    }
    InventoryStore store;
    if (auto opened = store.open(QString::fromLocal8Bit(argv[1])); !opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    QList<double> ms;
    for (const QString& word : {QStringLiteral("billing"), QStringLiteral("kd_00000000000000000abc"), QStringLiteral("ops-4242")}) {
        for (int length = 1; length <= word.size(); ++length) {
            InventoryQuery q;
            q.search = word.left(length);
            q.limit = 100;
            QElapsedTimer t;
            t.start();
            auto page = store.credentials(q);
            auto count = store.countCredentials(q);
            ms << t.nsecsElapsed() / 1e6;
            if (!page || !count)
                return 1;
        }
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double p) { return ms.at(std::min<qsizetype>(ms.size() - 1, qsizetype(p * ms.size()))); };
    std::printf("keystrokes %lld  p50 %.1f ms  p95 %.1f ms  max %.1f ms\n", qint64(ms.size()), at(0.5), at(0.95), ms.last());
    return 0;
}

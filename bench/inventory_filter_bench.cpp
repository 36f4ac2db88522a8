// Filter-as-you-type over a generated inventory (issue 6), through the table model the app uses.
//   inventory_filter_bench <inventory.sqlite> <baseline.sql>
// For each keystroke of a few search words, as p50/p95: how long the window is blocked (the model waits
// at most a frame for the first batch of ids), the time until the first screenful (40 rows) is on hand,
// and the time until every match is counted (on the reader thread; the window stays responsive).
// Writes the same work as plain SQL to <baseline.sql> for the sqlite3 shell: bench/inventory_scale.sh
// runs it there as the baseline. Then scrolls through the whole table and reports the peak RSS.
#include "gui/InventoryTableModel.h"
#include "storage/InventoryStore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <algorithm>
#include <cstdio>

namespace {

constexpr int kScreenful = 40;

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size())));
}

QByteArray peakRss()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return "?";
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).simplified();
    }
    return "?";
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: inventory_filter_bench <inventory.sqlite> <baseline.sql>\n");
        return 1;
    }
    InventoryStore store;
    if (auto opened = store.open(QString::fromLocal8Bit(argv[1])); !opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    QFile baselineFile(QString::fromLocal8Bit(argv[2]));
    if (!baselineFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 1;
    }
    QTextStream baseline(&baselineFile);
    baseline << ".timer on\n";

    InventoryTableModel model(store);
    QElapsedTimer opening;
    opening.start();
    if (!model.reload())
        return 1;
    for (int row = 0; row < std::min(kScreenful, model.rowCount()); ++row)
        model.index(row, InventoryTableModel::Name).data();
    const double openMs = opening.nsecsElapsed() / 1e6;
    while (!model.isComplete())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    const double countAllMs = opening.nsecsElapsed() / 1e6;
    std::printf("open: first screenful %.1f ms, all %d rows counted after %.0f ms\n", openMs,
                model.rowCount(), countAllMs);

    QList<double> blocked, firstScreen, counted;
    int narrowed = 0;
    // Someone looking for a team's keys, a ticket, a key id they were sent (one from the middle of the
    // inventory), a team and use, a name with its number.
    InventoryQuery middle;
    middle.limit = 1;
    middle.offset = model.rowCount() / 2;
    const auto sample = store.credentials(middle);
    const QString keyId = sample && !sample.value().isEmpty() ? sample.value().first().keyId.toLower()
                                                              : QStringLiteral("kd_abcdefghij");
    const QStringList words = {QStringLiteral("billing"), QStringLiteral("ops-4242"), keyId,
                               QStringLiteral("überwachung sync"), QStringLiteral("checkout cron 99")};
    for (const QString& word : words) {
        for (int length = 1; length <= word.size(); ++length) {
            const QString typed = word.left(length);
            QElapsedTimer t;
            t.start();
            model.setSearch(typed); // waits at most a frame for the first batch
            blocked << t.nsecsElapsed() / 1e6;
            while (model.rowCount() < kScreenful && !model.isComplete())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            for (int row = 0; row < std::min(kScreenful, model.rowCount()); ++row)
                model.index(row, InventoryTableModel::Name).data();
            firstScreen << t.nsecsElapsed() / 1e6;
            if (qEnvironmentVariableIsSet("KEYDESK_BENCH_VERBOSE"))
                std::printf("  %8.2f ms %6d rows  \"%s\"\n", firstScreen.last(), model.rowCount(),
                            qPrintable(typed));
            while (!model.isComplete())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            counted << t.nsecsElapsed() / 1e6;

            // The same work for the sqlite3 shell: the planner's probes, then the first screenful.
            InventoryQuery query = model.query();
            auto plan = store.plan(query);
            if (!plan)
                return 1;
            narrowed += plan.value().narrowedBySearchIndex() ? 1 : 0;
            baseline << ".print keystroke\n";
            for (const SqlStatement& probe : plan.value().probes())
                baseline << probe.inlined() << ";\n";
            query.limit = kScreenful;
            baseline << store.plan(query).value().rows().inlined() << ";\n";
        }
    }
    std::printf("keystrokes %lld (%d narrowed by the trigram index)\n", qint64(firstScreen.size()), narrowed);
    std::printf("window blocked per keystroke: p50 %.2f ms  p95 %.2f ms  max %.2f ms\n",
                percentile(blocked, 0.5), percentile(blocked, 0.95), percentile(blocked, 1.0));
    std::printf("first screenful: p50 %.2f ms  p95 %.2f ms  max %.2f ms\n", percentile(firstScreen, 0.5),
                percentile(firstScreen, 0.95), percentile(firstScreen, 1.0));
    std::printf("all matches counted (off the UI thread): p50 %.1f ms  p95 %.1f ms  max %.1f ms\n",
                percentile(counted, 0.5), percentile(counted, 0.95), percentile(counted, 1.0));

    // Scroll the whole unfiltered table, a screenful every 1,000 rows, as a dragged scroll bar would.
    model.setSearch(QString());
    while (!model.isComplete())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QElapsedTimer scrolling;
    scrolling.start();
    QList<double> jumps;
    for (int top = 0; top < model.rowCount(); top += 1000) {
        QElapsedTimer jump;
        jump.start();
        for (int row = top; row < std::min(top + kScreenful, model.rowCount()); ++row) {
            for (int column = 0; column < InventoryTableModel::ColumnCount; ++column)
                model.index(row, column).data();
        }
        jumps << jump.nsecsElapsed() / 1e6;
    }
    std::printf("scroll: %lld jumps across %d rows, per screenful p50 %.2f ms  p95 %.2f ms\n",
                qint64(jumps.size()), model.rowCount(), percentile(jumps, 0.5), percentile(jumps, 0.95));
    std::printf("peak RSS (VmHWM): %s\n", peakRss().constData());
    return 0;
}

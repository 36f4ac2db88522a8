// Search text as a user types it, through the inventory's query planner (trigram index + folded contains)
// on a small real inventory: every text must give an answer, never an SQL error, and the folding must
// agree with itself.
#include "FuzzSupport.h"
#include "storage/FoldedContains.h"
#include "storage/InventoryStore.h"

#include <QTemporaryDir>

namespace {

InventoryStore& inventory()
{
    static QTemporaryDir* dir = new QTemporaryDir;
    static InventoryStore* store = [] {
        auto* created = new InventoryStore;
        if (!created->open(dir->filePath(QStringLiteral("inventory.sqlite"))))
            std::abort();
        Connection connection;
        connection.name = QStringLiteral("Fuzz");
        connection.kind = Connection::Kind::OAuth2Provider;
        const qint64 connectionId = created->addConnection(connection).value();
        QList<Credential> rows;
        const char* const names[] = {
            "Checkout cron",         "Überwachung export", "ΣΊΣΥΦΟΣ sync", "straße deploy",
            "\"quoted\" AND OR NOT", "emoji 🔑 key",        "İstanbul ıi",  "x*y^z:col"};
        for (int i = 0; i < 200; ++i) {
            Credential c;
            c.connectionId = connectionId;
            c.name = QString::fromUtf8(names[i % 8]) + QStringLiteral(" %1").arg(i);
            c.description =
                QStringLiteral("ticket OPS-%1 for %2").arg(i).arg(QString::fromUtf8(names[(i + 3) % 8]));
            c.keyId = QStringLiteral("kd_FUZZ%1").arg(i, 6, 10, QLatin1Char('0'));
            c.last4 = QStringLiteral("%1").arg(i % 10000, 4, 10, QLatin1Char('0'));
            c.storedStatus = KeyStatus::Active;
            c.createdAt = QDateTime::currentDateTimeUtc();
            rows << c;
        }
        if (!created->saveCredentials(rows))
            std::abort();
        return created;
    }();
    return *store;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    FuzzSupport::startQt(argc, argv);
    inventory();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(FuzzSupport::bytes(data, size));
    FuzzSupport::require(FoldedContains::contains(text, text), "FoldedContains::contains(text, text)");
    FuzzSupport::require(FoldedContains::contains(text, QString()),
                         "FoldedContains::contains(text, QString())");
    InventoryQuery query;
    query.search = text;
    query.limit = 20;
    FuzzSupport::require(inventory().credentials(query).ok(), "inventory().credentials(query).ok()");
    FuzzSupport::require(inventory().countCredentials(query).ok(),
                         "inventory().countCredentials(query).ok()");
    return 0;
}

#include "ExportInventory.h"

#include "core/CredentialFormatter.h"
#include "core/IcsCalendar.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <algorithm>

namespace ExportInventory {

Format formatFor(const QString& path, Format picked)
{
    if (path.endsWith(QLatin1String(".ics"), Qt::CaseInsensitive))
        return Format::Ics;
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return Format::Json;
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return Format::Csv;
    return picked;
}

Expected<Written> write(InventoryStore& store, InventoryQuery query,
                        const QHash<qint64, QString>& connectionNames, Format format, const QString& path,
                        const QDateTime& now)
{
    query.limit = -1;
    query.offset = 0;
    auto rows = store.credentials(query);
    if (!rows)
        return rows.error();
    const QByteArray bytes = format == Format::Ics ? IcsCalendar::expiries(rows.value(), connectionNames, now)
                             : format == Format::Json
                                 ? CredentialFormatter::json(rows.value(), connectionNames, now).toUtf8()
                                 : CredentialFormatter::csv(rows.value(), connectionNames, now).toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(Error::Kind::Storage,
                     QCoreApplication::translate("ExportInventory", "Could not write %1: %2")
                         .arg(path, file.errorString()));
    Written written{int(rows.value().size()), 0};
    if (format == Format::Ics) { // an event per key with an expiry date
        written.leftOut = int(std::count_if(rows.value().cbegin(), rows.value().cend(),
                                            [](const Credential& c) { return c.neverExpires(); }));
        written.keys -= written.leftOut;
    }
    return written;
}

} // namespace ExportInventory

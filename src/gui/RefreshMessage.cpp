#include "RefreshMessage.h"

#include <QCoreApplication>

QString RefreshMessage::after(const QList<ServiceSessions::Failure>& failures, int services,
                              const QString& done)
{
    if (failures.isEmpty())
        return done;
    if (services == 1)
        return QCoreApplication::translate("RefreshMessage",
                                           "Could not refresh: %1 The inventory shows the last synced state.")
            .arg(failures.first().error.message());
    QStringList names;
    for (const ServiceSessions::Failure& f : failures)
        names << f.name;
    return QCoreApplication::translate("RefreshMessage",
                                       "Could not refresh %1: %2 Its keys show the last synced state.")
        .arg(names.join(QStringLiteral(", ")), failures.first().error.message());
}

#include "ServiceRefusals.h"

#include <QCoreApplication>

ApiError ServiceRefusals::noSuchProject(const QString& projectId)
{
    return ApiError::notFound(
        QCoreApplication::translate("KeyService", "There is no project %1.").arg(projectId.left(64)));
}

Error ServiceRefusals::rollback()
{
    return Error(Error::Kind::Conflict, QStringLiteral("rollback"));
}

#include "StorageError.h"

#include <QCoreApplication>

ApiError storageApiError(const Error& error)
{
    ApiError api = ApiError::unavailable(QCoreApplication::translate(
        "KeyService", "The service could not reach its database; try again shortly."));
    if (error.kind() == Error::Kind::StorageTooNew || error.kind() == Error::Kind::NotFound)
        api.message = error.message(); // what the operator must do: upgrade, or run init
    if (error.kind() == Error::Kind::StorageFull) {
        // The transaction rolled back; once there is room the service goes on by itself (tst_crashsafety).
        api.code = "storage_full";
        api.message = QCoreApplication::translate(
            "KeyService",
            "The service's disk is full. Nothing was changed; retry once its operator has freed space.");
    }
    if (error.kind() != Error::Kind::StorageFull)
        api.retryAfterSeconds = 1;
    // A database that went away is logged once by ServiceDatabase, not on every request that met it.
    if (error.kind() != Error::Kind::Network)
        qWarning("keydesk-service: %s", qPrintable(error.toString()));
    return api;
}

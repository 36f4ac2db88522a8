#pragma once

#include "ApiError.h"
#include "core/Error.h"

#include <QString>

// Refusals that projects and keys share, in the service's words.
namespace ServiceRefusals {
ApiError noSuchProject(const QString& projectId);
// Returned from inside a transaction that refuses (the ApiError beside it says why): it rolls back.
Error rollback();
} // namespace ServiceRefusals

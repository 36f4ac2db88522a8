#pragma once

#include "service/ApiError.h"

// Errors the HTTP layer answers itself, before any route runs, in the service's JSON form.
namespace HttpLayerErrors {

ApiError forStatus(int status);
// 503 with Retry-After: too many connections, or every worker busy and the queue full.
ApiError busy();

} // namespace HttpLayerErrors

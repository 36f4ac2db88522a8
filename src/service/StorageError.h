#pragma once

#include "ApiError.h"
#include "core/Error.h"

// A database failure as the API reports it: 503, with `storage_full` when the disk is full (the
// transaction rolled back, nothing changed). Logs the detail, which clients never see.
ApiError storageApiError(const Error& error);

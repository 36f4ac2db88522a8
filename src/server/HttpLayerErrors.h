#pragma once

#include "core/Error.h"
#include "service/ApiError.h"

// Errors the HTTP layer answers itself, before any route runs, in the service's JSON form; and those of
// starting to listen. All its user-visible texts are here: the files that include Boost.Beast are left out
// of lupdate's sources (its parser would walk Boost's headers for tens of minutes).
namespace HttpLayerErrors {

ApiError forStatus(int status);
// 503 with Retry-After: every worker busy and the queue full.
ApiError busy();
// 503 with Retry-After, then the connection closes: over the total or per-address connection cap.
ApiError tooManyConnections();
ApiError unexpected();
// 400: a header that may appear once came twice.
ApiError repeatedHeader(const char* name);

Error tlsNeedsBothFiles();
Error unreadableTlsFile(const QString& file);
Error unusableTlsFiles();
Error cannotListen(const QString& host, int port);

} // namespace HttpLayerErrors

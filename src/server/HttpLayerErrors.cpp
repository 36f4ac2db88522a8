#include "HttpLayerErrors.h"

#include <QCoreApplication>

namespace HttpLayerErrors {

ApiError forStatus(int status)
{
    switch (status) {
    case 400:
        return {status, "bad_request",
                QCoreApplication::translate("HttpServer", "The request is malformed.")};
    case 408:
        return {status, "request_timeout",
                QCoreApplication::translate("HttpServer", "The request was not sent in time.")};
    case 413:
        return {status, "payload_too_large",
                QCoreApplication::translate("HttpServer",
                                            "The request body is larger than the service accepts.")};
    case 431:
        return {status, "headers_too_large",
                QCoreApplication::translate("HttpServer", "The request headers are too large.")};
    case 503:
        return busy();
    default:
        return {status, "error",
                QCoreApplication::translate("HttpServer", "The request could not be served.")};
    }
}

ApiError busy()
{
    ApiError error{503, "server_busy",
                   QCoreApplication::translate("HttpServer", "The service is busy; retry in a second.")};
    error.retryAfterSeconds = 1;
    return error;
}

} // namespace HttpLayerErrors

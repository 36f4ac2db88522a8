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

ApiError tooManyConnections()
{
    ApiError error{
        503, "too_many_connections",
        QCoreApplication::translate("HttpServer", "Too many open connections; retry in a second.")};
    error.retryAfterSeconds = 1;
    return error;
}

ApiError repeatedHeader(const char* name)
{
    return {400, "repeated_header",
            QCoreApplication::translate("HttpServer", "The request sends the %1 header more than once.")
                .arg(QLatin1String(name))};
}

ApiError unexpected()
{
    return ApiError::internal(
        QCoreApplication::translate("HttpServer", "The service hit an unexpected error."));
}

Error tlsNeedsBothFiles()
{
    return {Error::Kind::InvalidInput,
            QCoreApplication::translate("HttpServer", "TLS needs both --tls-cert and --tls-key.")};
}

Error unreadableTlsFile(const QString& file)
{
    return {Error::Kind::InvalidInput,
            QCoreApplication::translate("HttpServer", "Cannot read the TLS file %1.").arg(file)};
}

Error unusableTlsFiles()
{
    return {Error::Kind::Tls,
            QCoreApplication::translate("HttpServer", "The TLS certificate or key could not be loaded (PEM "
                                                      "expected, and the key must match the certificate).")};
}

Error cannotListen(const QString& host, int port)
{
    return {
        Error::Kind::Network,
        QCoreApplication::translate(
            "HttpServer", "Could not listen on %1:%2 (address in use, or not an address of this machine).")
            .arg(host)
            .arg(port)};
}

} // namespace HttpLayerErrors

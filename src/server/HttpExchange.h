#pragma once

#include "core/Expected.h"
#include "core/SecretBytes.h"
#include "service/ApiError.h"

#include <QJsonObject>
#include <QString>
#include <httplib.h>
#include <optional>

// Reading requests and writing replies in the service's JSON dialect (docs/api.md).
namespace HttpExchange {

void sendJson(httplib::Response& res, int status, const QJsonObject& body);
// {"error", "message"}; `oauth` adds RFC 6749's "error_description" for the token endpoint.
void sendError(httplib::Response& res, const ApiError& error, bool oauth = false);
void sendNoContent(httplib::Response& res);

QString header(const httplib::Request& req, const char* name);
// The media type without parameters, lower case ("application/json; charset=utf-8" -> "application/json").
QString mediaType(const httplib::Request& req);
Expected<QJsonObject, ApiError> jsonBody(const httplib::Request& req);

struct BasicCredentials
{
    QString user;
    SecretBytes password;
};
// Authorization: Basic, with RFC 6749 §2.3.1's form-decoding of id and secret. nullopt when absent;
// an ApiError when present but malformed.
std::optional<Expected<BasicCredentials, ApiError>> basicCredentials(const httplib::Request& req);
// Authorization: Bearer <token>; nullopt when there is no bearer credential.
std::optional<SecretBytes> bearerToken(const httplib::Request& req);

// The key a request authenticated as, for the request log line (one request = one thread).
void noteKeyId(const QString& keyId);
QString takeKeyId();

} // namespace HttpExchange

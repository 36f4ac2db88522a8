#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"
#include "core/Expected.h"
#include "core/SecretBytes.h"
#include "service/ApiError.h"

#include <QJsonObject>
#include <QString>
#include <optional>

// Reading requests and writing replies in the service's JSON dialect (docs/api.md).
namespace HttpExchange {

void sendJson(HttpResponse& res, int status, const QJsonObject& body);
// {"error", "message"}; `oauth` adds RFC 6749's "error_description" for the token endpoint.
void sendError(HttpResponse& res, const ApiError& error, bool oauth = false);
void sendNoContent(HttpResponse& res);
// 201 with `body` plus the one-time `secret` in `field`, never cached (a new key's secret, a person's token).
void sendCreatedWithSecret(HttpResponse& res, QJsonObject body, const char* field, const SecretBytes& secret);

QString header(const HttpRequest& req, const char* name);
// The media type without parameters, lower case ("application/json; charset=utf-8" -> "application/json").
QString mediaType(const HttpRequest& req);
Expected<QJsonObject, ApiError> jsonBody(const HttpRequest& req);
// Reads a string field of a JSON body into `out`; an ApiError (422) when it is missing but `required`, or
// not a string.
std::optional<ApiError> stringField(const QJsonObject& body, const char* name, bool required, QString& out);
// One parameter of the query string, percent-decoded; empty when absent.
QString queryItem(const HttpRequest& req, const QString& name);

struct BasicCredentials
{
    QString user;
    SecretBytes password;
};
// Authorization: Basic, with RFC 6749 §2.3.1's form-decoding of id and secret. nullopt when absent;
// an ApiError when present but malformed.
std::optional<Expected<BasicCredentials, ApiError>> basicCredentials(const HttpRequest& req);
// Authorization: Bearer <token>; nullopt when there is no bearer credential.
std::optional<SecretBytes> bearerToken(const HttpRequest& req);

// The key a request authenticated as, for the request log line (one request = one thread).
void noteKeyId(const QString& keyId);
QString takeKeyId();

} // namespace HttpExchange

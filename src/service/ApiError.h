#pragma once

#include "core/Role.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// An error as the service API sends it: HTTP status, the machine-readable code of docs/api.md and a
// sentence for people. Retry-After and the Basic challenge ride along where the RFCs ask for them.
struct ApiError
{
    int status = 500;
    QByteArray code;
    QString message;
    int retryAfterSeconds = 0;   // > 0: send Retry-After
    bool basicChallenge = false; // send WWW-Authenticate: Basic (RFC 6749 §5.2 when Basic was used)
    bool bearerChallenge = false;
    QJsonObject extra = QJsonObject(); // further fields of the error body (403's required_role)

    // "code: message", for logs and test failures.
    QString toString() const { return QString::fromLatin1(code) + QStringLiteral(": ") + message; }

    static ApiError badRequest(const QByteArray& code, const QString& message)
    {
        return {400, code, message};
    }
    static ApiError unauthorized(const QByteArray& code, const QString& message)
    {
        return {401, code, message};
    }
    // 403 `forbidden`: the caller is known but their role does not allow the call.
    static ApiError forbidden(Role role, Permission permission)
    {
        ApiError error{403, "forbidden", roleRefusal(role, permission)};
        error.extra = {{QStringLiteral("required_role"), roleToString(requiredRole(permission))},
                       {QStringLiteral("role"), roleToString(role)}};
        return error;
    }
    static ApiError notFound(const QString& message) { return {404, "not_found", message}; }
    static ApiError conflict(const QByteArray& code, const QString& message) { return {409, code, message}; }
    static ApiError unprocessable(const QByteArray& code, const QString& message)
    {
        return {422, code, message};
    }
    static ApiError internal(const QString& message) { return {500, "internal_error", message}; }
    static ApiError unavailable(const QString& message) { return {503, "storage_unavailable", message}; }
};

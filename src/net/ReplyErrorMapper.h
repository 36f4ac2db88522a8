#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QUrl>

// Turns a finished QNetworkReply (transport error, HTTP status, the service's {"error","message"} body)
// into KeyDesk's Error with a sentence a person can act on.
class ReplyErrorMapper
{
public:
    static Error map(QNetworkReply::NetworkError error, const QString& errorString, int httpStatus,
                     const QByteArray& body, const QByteArray& retryAfter, const QUrl& url);
    // The answer did not complete within the overall deadline (ReplyGuard).
    static Error deadlinePassed(const QUrl& url, int deadlineMs);
};

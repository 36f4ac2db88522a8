#include "ReplyErrorMapper.h"

#include "ServiceErrorText.h"
#include "core/Plural.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

struct ServiceMessage
{
    QString code;
    QString message;
    QJsonObject body;
};

ServiceMessage serviceMessage(const QByteArray& body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString message = o.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = o.value(QLatin1String("error_description")).toString();
    // Never echo an unbounded or binary body into the UI.
    return {o.value(QLatin1String("error")).toString().left(64), message.left(500), o};
}

Error redirected(const QString& where, const QString& detail)
{
    return {Error::Kind::Network,
            QCoreApplication::translate(
                "ReplyErrorMapper",
                "The service at %1 redirected the request elsewhere; KeyDesk does not follow "
                "redirects to another address with your credentials.")
                .arg(where),
            detail};
}

// "Try again in 7 seconds." from a Retry-After header (seconds), or "in a moment" without one.
QString whenToRetry(const QByteArray& retryAfter)
{
    bool ok = false;
    const int seconds = retryAfter.trimmed().toInt(&ok);
    return ok ? plural(seconds, "ReplyErrorMapper",
                       QT_TRANSLATE_NOOP("ReplyErrorMapper", "Try again in %1 second."),
                       QT_TRANSLATE_NOOP("ReplyErrorMapper", "Try again in %1 seconds."))
              : QCoreApplication::translate("ReplyErrorMapper", "Try again in a moment.");
}

} // namespace

Error ReplyErrorMapper::map(QNetworkReply::NetworkError error, const QString& errorString, int httpStatus,
                            const QByteArray& body, const QByteArray& retryAfter, const QUrl& url)
{
    using K = Error::Kind;
    const QString where =
        url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo).toString();
    if (httpStatus == 0) {
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            return {K::Network,
                    QCoreApplication::translate(
                        "ReplyErrorMapper",
                        "Cannot reach the service at %1: nothing is listening there (connection refused).")
                        .arg(where),
                    errorString};
        case QNetworkReply::HostNotFoundError:
            return {K::Network,
                    QCoreApplication::translate(
                        "ReplyErrorMapper",
                        "Cannot reach the service: the host in %1 was not found (check the address).")
                        .arg(where),
                    errorString};
        case QNetworkReply::TimeoutError:
        case QNetworkReply::OperationCanceledError:
            return {
                K::Timeout,
                QCoreApplication::translate("ReplyErrorMapper", "The service at %1 did not answer in time.")
                    .arg(where),
                errorString};
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::UnknownNetworkError:
            if (errorString.contains(QLatin1String("SSL"), Qt::CaseInsensitive) ||
                errorString.contains(QLatin1String("certificate"), Qt::CaseInsensitive)) {
                return {K::Tls,
                        QCoreApplication::translate(
                            "ReplyErrorMapper",
                            "The secure connection to %1 failed: its certificate is not trusted or does not "
                            "match. KeyDesk does not ignore certificate errors.")
                            .arg(where),
                        errorString};
            }
            break;
        case QNetworkReply::TooManyRedirectsError:
        case QNetworkReply::InsecureRedirectError:
            return redirected(where, errorString);
        default:
            break;
        }
        return {K::Network,
                QCoreApplication::translate("ReplyErrorMapper", "Cannot reach the service at %1.").arg(where),
                errorString};
    }
    if (httpStatus >= 300 && httpStatus < 400) // a redirect Qt did not follow: it led to another origin
        return redirected(where, QStringLiteral("HTTP %1").arg(httpStatus));
    const ServiceMessage s = serviceMessage(body);
    const QString detail = QStringLiteral("HTTP %1 %2").arg(httpStatus).arg(s.code).trimmed();
    // A code we know is said in the reader's language; only an unknown one (a newer service) in the
    // service's own words.
    const std::optional<QString> known = ServiceErrorText::of(s.code, s.body);
    auto said = [&](const QString& fallback) {
        return known ? *known : s.message.isEmpty() ? fallback : s.message;
    };
    switch (httpStatus) {
    case 400:
        return {K::InvalidInput,
                said(QCoreApplication::translate("ReplyErrorMapper",
                                                 "The service did not understand the request.")),
                detail};
    case 401:
        return {K::Unauthorized,
                said(QCoreApplication::translate(
                    "ReplyErrorMapper", "The service did not accept the credentials (invalid or expired).")),
                detail};
    case 403:
        return {K::Forbidden,
                said(QCoreApplication::translate("ReplyErrorMapper",
                                                 "These credentials have no access to this endpoint.")),
                detail};
    case 404:
        return {K::NotFound,
                said(QCoreApplication::translate(
                    "ReplyErrorMapper", "The service does not know this item (it may have been deleted).")),
                detail};
    case 409:
        if (s.code == QLatin1String("key_limit_reached"))
            return {K::LimitReached,
                    said(QCoreApplication::translate("ReplyErrorMapper",
                                                     "The project has reached its key limit.")),
                    detail};
        return {K::Conflict,
                said(QCoreApplication::translate("ReplyErrorMapper",
                                                 "That conflicts with something that already exists.")),
                detail};
    case 413:
        return {K::PayloadTooLarge,
                said(QCoreApplication::translate("ReplyErrorMapper",
                                                 "The request was too large for the service.")),
                detail};
    case 415:
    case 422:
        return {K::InvalidInput,
                said(QCoreApplication::translate("ReplyErrorMapper", "The service refused the values sent.")),
                detail};
    case 429: {
        const QString wait = whenToRetry(retryAfter);
        return {K::RateLimited,
                QCoreApplication::translate("ReplyErrorMapper", "Too many requests.") + QLatin1Char(' ') +
                    wait,
                detail};
    }
    case 503: {
        // Away for now (its database restarting, every worker busy): neither a bad token nor a broken
        // service. The connection shows as unreachable; what is cached stays readable.
        const QString wait = whenToRetry(retryAfter);
        const QString what =
            known && s.code != QLatin1String("storage_unavailable") // busy, or its disk full: say which
                ? *known
                : QCoreApplication::translate("ReplyErrorMapper",
                                              "The service at %1 is unavailable right now.")
                      .arg(where);
        return {K::Network, what + QLatin1Char(' ') + wait,
                s.message.isEmpty() ? detail : detail + QStringLiteral(": ") + s.message};
    }
    default:
        break;
    }
    if (httpStatus >= 500)
        return {K::Server,
                QCoreApplication::translate("ReplyErrorMapper",
                                            "The service had an internal problem (HTTP %1). Try again later.")
                    .arg(httpStatus),
                s.message};
    return {K::Protocol,
            QCoreApplication::translate("ReplyErrorMapper",
                                        "The service answered with an unexpected HTTP status %1.")
                .arg(httpStatus),
            s.message};
}

Error ReplyErrorMapper::deadlinePassed(const QUrl& url, int deadlineMs)
{
    const QString where =
        url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveUserInfo).toString();
    return {Error::Kind::Timeout,
            QCoreApplication::translate("ReplyErrorMapper",
                                        "%1 did not finish its answer within %2 s; KeyDesk stopped waiting.")
                .arg(where)
                .arg((deadlineMs + 999) / 1000)};
}

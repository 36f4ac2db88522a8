#include "TestCall.h"

#include "ReplyErrorMapper.h"
#include "ReplyGuard.h"
#include "core/AnswerLater.h"
#include "core/UrlPolicy.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace {

QString saidPart(const QString& serviceMessage)
{
    return serviceMessage.isEmpty()
               ? QString()
               : QStringLiteral(" ") +
                     QCoreApplication::translate("TestCall", "The service said: \u201C%1\u201D")
                         .arg(serviceMessage);
}

QString explain(int status, const QString& serviceMessage, const QByteArray& retryAfter)
{
    const QString said = saidPart(serviceMessage);
    if (status == 401)
        return QCoreApplication::translate(
                   "TestCall",
                   "The key or token is invalid or has expired. Check that you copied all of it; generate a "
                   "new one if it expired.") +
               said;
    if (status == 403)
        return QCoreApplication::translate(
                   "TestCall",
                   "These credentials have no access to this endpoint. Check the method and the address.") +
               said;
    if (status == 404)
        return QCoreApplication::translate("TestCall",
                                           "Nothing answers at this address. Check the test URL.") +
               said;
    if (status == 429) {
        bool ok = false;
        const int seconds = retryAfter.trimmed().toInt(&ok);
        return ok ? QCoreApplication::translate(
                        "TestCall", "Too many requests. The service asks to wait %1 s before trying again.")
                        .arg(seconds)
                  : QCoreApplication::translate("TestCall",
                                                "Too many requests. Wait a moment and try again.");
    }
    if (status >= 500)
        return QCoreApplication::translate("TestCall", "The service has a problem of its own (server error). "
                                                       "Check its status page or contact its "
                                                       "support.") +
               said;
    return QCoreApplication::translate("TestCall", "The service answered with an unexpected status.") + said;
}

} // namespace

QString TestCall::explainWith(const QString& advice, const QString& serviceSaid)
{
    return advice + saidPart(serviceSaid);
}

TestCall::TestCall(QNetworkAccessManager* network, QObject* parent) : QObject(parent), m_network(network) {}

void TestCall::run(const QUrl& url, ProviderSettings::HeaderStyle style, const SecretBytes& credential,
                   int expectedStatus, Callback done)
{
    if (auto allowed = UrlPolicy::check(url, UrlPolicy::Purpose::TestCall); !allowed) {
        TestResult refused;
        refused.summary = tr("Not sent");
        refused.explanation = allowed.error().message();
        refused.testedAt = QDateTime::currentDateTimeUtc();
        answerLater(this, std::move(done), refused);
        return;
    }
    QNetworkRequest request(url);
    // Never before the deadline, whose own message says what happened (Qt's default stopped at 15 s).
    request.setTransferTimeout(m_timeoutMs > 0 ? m_timeoutMs : m_deadlineMs + 1000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    QByteArray value = credential.toByteArray();
    if (style == ProviderSettings::HeaderStyle::Bearer)
        value.prepend("Bearer ");
    request.setRawHeader(style == ProviderSettings::HeaderStyle::Bearer ? "Authorization" : "X-API-Key",
                         value);
    SecretBytes::wipe(value);

    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply* reply = m_network->get(request);
    // A test URL may answer with a gigabyte: its status and the start of the body are all we need.
    const int deadlineMs = m_deadlineMs;
    auto guard = ReplyGuard::watch(reply, MaxBodyBytes, deadlineMs);
    connect(reply, &QNetworkReply::finished, this,
            [reply, timer, guard, deadlineMs, expectedStatus, done = std::move(done)]() {
                reply->deleteLater();
                TestResult r;
                r.latencyMs = timer->elapsed();
                r.testedAt = QDateTime::currentDateTimeUtc();
                r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray body =
                    reply->isOpen() ? reply->read(MaxBodyBytes) : QByteArray(); // aborted: closed
                if (guard->tripped() == ReplyGuard::Tripped::Deadline) {
                    r.status = 0;
                    r.summary = tr("No answer (timeout)");
                    r.explanation = ReplyErrorMapper::deadlinePassed(reply->url(), deadlineMs).message();
                    return done(r);
                }
                if (r.status == 0) {
                    const Error e =
                        ReplyErrorMapper::map(reply->error(), reply->errorString(), 0, {}, {}, reply->url());
                    r.summary = e.kind() == Error::Kind::Timeout ? tr("No answer (timeout)")
                                : e.kind() == Error::Kind::Tls   ? tr("TLS error")
                                                                 : tr("Not reachable");
                    r.explanation = e.message();
                    return done(r);
                }
                const QString reason =
                    reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
                r.passed = r.status == expectedStatus;
                if (r.passed) {
                    r.summary = tr("%1 %2 in %3 ms").arg(r.status).arg(reason).arg(r.latencyMs);
                    r.explanation = tr("The credential works.");
                    return done(r);
                }
                r.summary = tr("Failed: %1 %2 (expected %3)").arg(r.status).arg(reason).arg(expectedStatus);
                const QJsonObject o = QJsonDocument::fromJson(body).object();
                QString message = o.value(QLatin1String("message")).toString();
                if (message.isEmpty())
                    message = o.value(QLatin1String("error_description")).toString();
                r.serviceSaid = message.left(300);
                r.explanation = explain(r.status, r.serviceSaid, reply->rawHeader("Retry-After"));
                done(r);
            });
}

#include "TokenClient.h"

#include "ClientAssertion.h"
#include "ReplyErrorMapper.h"
#include "ReplyGuard.h"
#include "core/AnswerLater.h"
#include "core/UrlPolicy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>
#include <cmath>

namespace {

Error badReply(const QString& what)
{
    return {Error::Kind::Protocol,
            QCoreApplication::translate("TokenClient", "The token endpoint's reply is not a usable token: %1")
                .arg(what)};
}

QByteArray formEncode(const QString& text)
{
    // application/x-www-form-urlencoded (RFC 6749 Appendix B): space is '+', everything else percent-encoded.
    return QUrl::toPercentEncoding(text, " ").replace(' ', '+');
}

// grant_type, scope and audience, and the client's id and secret when they go in the body (FormPost,
// JsonBody).
QByteArray tokenRequestBody(const ProviderSettings& provider, const QString& clientId, const QString& secret,
                            const QByteArray& assertion)
{
    using Auth = ProviderSettings::ClientAuth;
    if (provider.sendsJson()) {
        QJsonObject o{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
        if (provider.clientAuth == Auth::JsonBody) {
            o.insert(QStringLiteral("client_id"), clientId);
            o.insert(QStringLiteral("client_secret"), secret);
        }
        if (!provider.scope.isEmpty())
            o.insert(QStringLiteral("scope"), provider.scope);
        if (!provider.audience.isEmpty())
            o.insert(QStringLiteral("audience"), provider.audience);
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }
    QByteArray body = "grant_type=client_credentials";
    if (provider.clientAuth == Auth::FormPost)
        body += "&client_id=" + formEncode(clientId) + "&client_secret=" + formEncode(secret);
    if (provider.clientAuth == Auth::PrivateKeyJwt)
        body += "&client_id=" + formEncode(clientId) +
                "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                "&client_assertion=" +
                assertion;
    if (!provider.scope.isEmpty())
        body += "&scope=" + formEncode(provider.scope);
    if (!provider.audience.isEmpty())
        body += "&audience=" + formEncode(provider.audience);
    return body;
}

// After invalid_client with one Basic style, when the other would have sent a different header.
QString otherBasicStyleHint(ProviderSettings::ClientAuth sent)
{
    return sent == ProviderSettings::ClientAuth::HttpBasic
               ? QCoreApplication::translate(
                     "TokenClient", "KeyDesk form-encoded the id and secret as RFC 6749 asks; some servers "
                                    "expect them as curl -u sends them: try \u201CHTTP Basic (as curl "
                                    "-u)\u201D (--auth basic-raw).")
               : QCoreApplication::translate(
                     "TokenClient", "KeyDesk sent the id and secret as curl -u does; servers that follow RFC "
                                    "6749 expect them form-encoded: try \u201CHTTP Basic (RFC "
                                    "6749)\u201D (--auth basic).");
}

// After a refused Basic style, when the issuer's metadata (kept from discovery) lists client_secret_post too.
QString formPostHint()
{
    return QCoreApplication::translate(
        "TokenClient", "The issuer's metadata also lists client_secret_post: switch to it with "
                       "“Form post” as Client authentication in Edit Provider Credential, or "
                       "keydesk-cli connections set <connection> --auth post.");
}

bool isB64Token(const QString& token)
{
    qsizetype i = 0;
    const qsizetype n = token.size();
    for (; i < n; ++i) {
        const char16_t c = token.at(i).unicode();
        const bool allowed = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                             (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' || c == u'_' || c == u'~' ||
                             c == u'+' || c == u'/';
        if (!allowed)
            break;
    }
    if (i == 0)
        return false;
    while (i < n && token.at(i) == QLatin1Char('='))
        ++i;
    return i == n;
}

} // namespace

TokenClient::TokenClient(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network)
{}

Expected<AccessToken> TokenClient::parseTokenReply(const QByteArray& body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return badReply(QCoreApplication::translate("TokenClient", "it is not a JSON object."));
    const QJsonObject o = doc.object();
    const QJsonValue token = o.value(QLatin1String("access_token"));
    if (!token.isString() || token.toString().isEmpty())
        return badReply(QCoreApplication::translate("TokenClient", "access_token is missing."));
    if (token.toString().size() > MaxTokenBytes)
        return badReply(QCoreApplication::translate("TokenClient", "access_token is longer than %1 KB.")
                            .arg(MaxTokenBytes / 1024));
    if (!isB64Token(token.toString()))
        return badReply(QCoreApplication::translate(
            "TokenClient", "access_token contains characters a bearer token may not have (RFC 6750)."));
    AccessToken result;
    const QString type = o.value(QLatin1String("token_type")).toString();
    if (type.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
        return badReply(
            QCoreApplication::translate("TokenClient", "token_type is \u201C%1\u201D, not Bearer.")
                .arg(type.isEmpty() ? QStringLiteral("(missing)") : type.left(40)));
    }
    const QJsonValue expires = o.value(QLatin1String("expires_in"));
    if (!expires.isUndefined() && !expires.isNull()) {
        const double seconds = expires.toDouble(-1);
        // std::trunc, not a round trip through an integer: 1e27 does not fit one (found by
        // fuzz/fuzz_token_reply; converting it is undefined behaviour).
        if (!expires.isDouble() || seconds != std::trunc(seconds))
            return badReply(
                QCoreApplication::translate("TokenClient", "expires_in is not a whole number of seconds."));
        if (seconds <= 0)
            return badReply(QCoreApplication::translate("TokenClient", "expires_in is zero or negative."));
        if (seconds > MaxExpiresInSeconds)
            return badReply(
                QCoreApplication::translate("TokenClient", "expires_in is more than a year (%1 s).")
                    .arg(seconds, 0, 'f', 0));
        result.expiresInSeconds = int(seconds);
    }
    QString text = token.toString();
    result.token = SecretBytes::fromUtf8(text);
    SecretBytes::wipe(text);
    result.tokenType = QStringLiteral("Bearer");
    result.scope = o.value(QLatin1String("scope")).toString();
    return result;
}

void TokenClient::requestToken(const ProviderSettings& provider, const QString& clientId,
                               const SecretBytes& clientSecret, Callback done)
{
    // Checked here, when the secret is about to leave, not only when the URL was typed.
    if (auto allowed = UrlPolicy::check(provider.tokenUrl, UrlPolicy::Purpose::TokenEndpoint); !allowed) {
        answerLater(this, std::move(done), allowed.error());
        return;
    }
    QNetworkRequest request(provider.tokenUrl);
    // Never before the deadline, whose own message says what happened (Qt's default stopped at 15 s).
    request.setTransferTimeout(m_timeoutMs > 0 ? m_timeoutMs : m_deadlineMs + 1000);
    // A POST is never re-sent to another origin: Qt follows only same-origin redirects with this policy.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    for (const auto& [name, value] : provider.extraHeaders)
        request.setRawHeader(name.toLatin1(), value.toUtf8());

    QString secret = clientSecret.toUtf8String();
    // As curl -u, the first colon ends the id: an id with one cannot be sent that way (RFC 7617 §2).
    if (provider.clientAuth == ProviderSettings::ClientAuth::HttpBasicRaw &&
        clientId.contains(QLatin1Char(':'))) {
        SecretBytes::wipe(secret);
        answerLater(this, std::move(done),
                    Error(Error::Kind::InvalidInput,
                          QCoreApplication::translate(
                              "TokenClient", "A client id with a colon cannot be sent as HTTP Basic (as "
                                             "curl -u); choose HTTP Basic (RFC 6749).")));
        return;
    }
    // When form-encoding changes nothing, both Basic styles send the same header: only then is the other one
    // no help after an invalid_client.
    const bool basicStylesDiffer =
        ProviderSettings::isBasic(provider.clientAuth) &&
        (formEncode(clientId) != clientId.toUtf8() || formEncode(secret) != secret.toUtf8());
    // private_key_jwt: a fresh assertion for this request, signed with the key kept as the secret.
    QByteArray assertion;
    if (provider.clientAuth == ProviderSettings::ClientAuth::PrivateKeyJwt) {
        const QString audience =
            provider.assertionAudience.isEmpty() ? provider.tokenUrl.toString() : provider.assertionAudience;
        auto signedAssertion = ClientAssertion::sign(
            clientSecret, {clientId, audience, m_clock->now().toSecsSinceEpoch(), AssertionLifetimeSeconds});
        if (!signedAssertion) {
            SecretBytes::wipe(secret);
            answerLater(this, std::move(done), signedAssertion.error());
            return;
        }
        assertion = signedAssertion.value().toByteArray();
    }
    QByteArray body = tokenRequestBody(provider, clientId, secret, assertion);
    SecretBytes::wipe(assertion);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      provider.sendsJson() ? QStringLiteral("application/json")
                                           : QStringLiteral("application/x-www-form-urlencoded"));
    if (ProviderSettings::isBasic(provider.clientAuth)) {
        // Only in the header: sending them in the body too (as Postman does) is refused by strict servers.
        QByteArray pair = provider.clientAuth == ProviderSettings::ClientAuth::HttpBasic
                              ? formEncode(clientId) + ':' + formEncode(secret)
                              : clientId.toUtf8() + ':' + secret.toUtf8();
        QByteArray header = "Basic " + pair.toBase64();
        request.setRawHeader("Authorization", header);
        SecretBytes::wipe(pair);
        SecretBytes::wipe(header);
    }
    SecretBytes::wipe(secret);

    QNetworkReply* reply = m_network->post(request, body);
    SecretBytes::wipe(body);
    const qint64 cap = m_maxReplyBytes;
    const int deadlineMs = m_deadlineMs;
    auto guard = ReplyGuard::watch(reply, cap, deadlineMs);
    const ProviderSettings::ClientAuth style = provider.clientAuth;
    const bool postListed = ProviderSettings::isBasic(style) &&
                            provider.issuerAuthMethods.contains(QLatin1String("client_secret_post"));
    connect(
        reply, &QNetworkReply::finished, this,
        [reply, guard, cap, deadlineMs, style, basicStylesDiffer, postListed, done = std::move(done)]() {
            reply->deleteLater();
            if (guard->tripped() == ReplyGuard::Tripped::Deadline)
                return done(ReplyErrorMapper::deadlinePassed(reply->url(), deadlineMs));
            if (guard->tripped() == ReplyGuard::Tripped::TooLarge) {
                return done(
                    Error(Error::Kind::Protocol,
                          QCoreApplication::translate(
                              "TokenClient", "The token endpoint sent more than %1 KB; it was not read.")
                              .arg(cap / 1024)));
            }
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QByteArray bytes = reply->isOpen() ? reply->read(cap + 1) : QByteArray(); // aborted: closed
            if (reply->error() != QNetworkReply::NoError || status != 200) {
                Error error = ReplyErrorMapper::map(reply->error(), reply->errorString(), status, bytes,
                                                    reply->rawHeader("Retry-After"), reply->url());
                // RFC 6749 §5.2: say the provider's error code too, it is what its documentation explains.
                const QString code =
                    QJsonDocument::fromJson(bytes).object().value(QLatin1String("error")).toString().left(64);
                SecretBytes::wipe(bytes);
                if (!code.isEmpty() && status >= 400 && status < 500 && status != 429)
                    error = Error(error.kind(), error.message() + QStringLiteral(" (%1)").arg(code),
                                  QStringLiteral("HTTP %1").arg(status)); // the code once, not twice
                if (code == QLatin1String("invalid_client") &&
                    style == ProviderSettings::ClientAuth::PrivateKeyJwt)
                    error = Error(error.kind(),
                                  error.message() + QLatin1Char(' ') +
                                      QCoreApplication::translate(
                                          "TokenClient",
                                          "The server refused the signed assertion: check that it has "
                                          "this credential's public key (keydesk-cli public-key) and "
                                          "the audience it expects."),
                                  error.detail());
                if (code == QLatin1String("invalid_client") && basicStylesDiffer)
                    error =
                        Error(error.kind(), error.message() + QLatin1Char(' ') + otherBasicStyleHint(style),
                              error.detail());
                else if (code == QLatin1String("invalid_client") &&
                         style != ProviderSettings::ClientAuth::PrivateKeyJwt)
                    error =
                        Error(error.kind(),
                              error.message() + QLatin1Char(' ') +
                                  QCoreApplication::translate(
                                      "TokenClient",
                                      "Check the client ID and secret (if the vendor issued a new secret, "
                                      "replace the kept one), and that the credential is still active at "
                                      "the vendor."),
                              error.detail());
                if (postListed && (code == QLatin1String("invalid_client") || status == 401 || status == 403))
                    error = Error(error.kind(), error.message() + QLatin1Char(' ') + formPostHint(),
                                  error.detail());
                return done(error);
            }
            auto parsed = parseTokenReply(bytes);
            SecretBytes::wipe(bytes);
            done(std::move(parsed));
        });
}

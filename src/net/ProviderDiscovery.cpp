#include "ProviderDiscovery.h"

#include "ReplyErrorMapper.h"
#include "ReplyGuard.h"
#include "core/AnswerLater.h"
#include "core/UrlPolicy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <algorithm>

namespace {

Error badDocument(const QUrl& from, const QString& why)
{
    return Error(
        Error::Kind::Protocol,
        QCoreApplication::translate("ProviderDiscovery", "The OAuth2 metadata for %1 cannot be used: %2")
            .arg(from.toString(QUrl::RemoveQuery), why));
}

// RFC 3986 §6.2.3: for http(s) an empty path and "/" are the same; anything else must match exactly.
QString identifier(const QUrl& url)
{
    QUrl normal = url;
    if (normal.path() == QLatin1String("/"))
        normal.setPath(QString());
    return normal.toString(QUrl::FullyEncoded);
}

// Strings from a metadata array: at most `limit`, each short and made only of `allowed` characters (the rest
// are dropped: they end up in a terminal and in a combo box).
QStringList wellFormed(const QJsonValue& value, int limit, bool (*allowed)(QChar))
{
    QStringList kept;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size() && kept.size() < limit; ++i) {
        const QString s = array.at(i).toString();
        if (!s.isEmpty() && s.size() <= 128 && std::all_of(s.cbegin(), s.cend(), allowed))
            kept << s;
    }
    return kept;
}

bool methodChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_') ||
           c == QLatin1Char('-') || c == QLatin1Char('.');
}

// RFC 6749 §3.3 scope-token: NQCHAR, that is %x21 / %x23-5B / %x5D-7E.
bool scopeChar(QChar c)
{
    const char16_t u = c.unicode();
    return u == 0x21 || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

QString methodFor(ProviderSettings::ClientAuth auth)
{
    using A = ProviderSettings::ClientAuth;
    if (auth == A::FormPost)
        return QStringLiteral("client_secret_post");
    if (auth == A::PrivateKeyJwt)
        return QStringLiteral("private_key_jwt");
    if (auth == A::JsonBody)
        return QString(); // no registered method: a vendor convention
    return QStringLiteral("client_secret_basic");
}

} // namespace

struct ProviderDiscovery::Attempt
{
    QUrl issuer;
    std::optional<ProviderSettings::ClientAuth> wanted;
    QList<QUrl> urls;
    int next = 0;
    QStringList refusals; // what each URL answered, for the error when none had a document
    Done done;
};

ProviderDiscovery::ProviderDiscovery(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network)
{}

Expected<QUrl> ProviderDiscovery::issuerUrl(const QString& typed)
{
    QString text = typed.trimmed();
    if (!text.isEmpty() && !text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("https://"));
    const QUrl url(text, QUrl::StrictMode);
    if (auto allowed = UrlPolicy::check(url, UrlPolicy::Purpose::Issuer); !allowed)
        return allowed.error();
    if (url.hasQuery() || url.hasFragment())
        return Error(Error::Kind::InvalidInput, tr("An issuer URL has no query or fragment (RFC 8414 \u00A7"
                                                   "2): drop what follows ? or #."));
    return url;
}

QList<QUrl> ProviderDiscovery::documentUrls(const QUrl& issuer)
{
    QString path = issuer.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    QUrl rfc8414 = issuer;
    rfc8414.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);
    QUrl openId = issuer;
    openId.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    return {rfc8414, openId};
}

Expected<ProviderDiscovery::Result>
ProviderDiscovery::parse(const QByteArray& document, const QUrl& issuer,
                         std::optional<ProviderSettings::ClientAuth> wanted)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return badDocument(issuer, tr("it is not a JSON object."));
    const QJsonObject o = doc.object();
    Result result;
    result.issuer = issuer;
    // RFC 8414 §3.3 / OpenID Connect Discovery §4.3: the document must speak for the issuer asked for.
    const QString claimed = o.value(QLatin1String("issuer")).toString();
    if (identifier(QUrl(claimed, QUrl::StrictMode)) != identifier(issuer)) {
        return Error(
            Error::Kind::Protocol,
            tr("The metadata names the issuer \u201C%1\u201D, not \u201C%2\u201D: refused, since a "
               "server speaking for another issuer could take the client secret (a mix-up attack). If "
               "that is the server you mean, use its issuer URL exactly.")
                .arg(claimed.left(200), issuer.toString()));
    }
    result.tokenEndpoint = QUrl(o.value(QLatin1String("token_endpoint")).toString(), QUrl::StrictMode);
    if (!o.value(QLatin1String("token_endpoint")).isString())
        return badDocument(issuer, tr("it names no token_endpoint."));
    if (auto allowed = UrlPolicy::check(result.tokenEndpoint, UrlPolicy::Purpose::TokenEndpoint); !allowed)
        return badDocument(issuer, allowed.error().message());

    const QJsonValue methods = o.value(QLatin1String("token_endpoint_auth_methods_supported"));
    result.authMethods = methods.isUndefined() ? QStringList{QStringLiteral("client_secret_basic")} // §2
                                               : wellFormed(methods, 32, methodChar);
    result.scopes = wellFormed(o.value(QLatin1String("scopes_supported")), 200, scopeChar);
    const QString listed =
        result.authMethods.isEmpty() ? tr("none") : result.authMethods.join(QStringLiteral(", "));
    if (wanted) {
        const QString method = methodFor(*wanted);
        if (!method.isEmpty() && !result.authMethods.contains(method))
            return Error(Error::Kind::InvalidInput,
                         tr("The server does not accept %1 (it lists %2).").arg(method, listed));
        result.clientAuth = *wanted;
        result.reason = method.isEmpty()
                            ? tr("as asked; a JSON body is a vendor convention the metadata cannot "
                                 "confirm")
                            : tr("as asked; the server lists %1").arg(method);
    } else if (result.authMethods.contains(QLatin1String("client_secret_basic"))) {
        result.clientAuth = ProviderSettings::ClientAuth::HttpBasic;
        result.reason =
            tr("client_secret_basic: the server lists it, and it keeps the secret out of the request "
               "body (RFC 6749 \u00A7"
               "2.3.1 asks servers to support it)");
    } else if (result.authMethods.contains(QLatin1String("client_secret_post"))) {
        result.clientAuth = ProviderSettings::ClientAuth::FormPost;
        result.reason =
            tr("client_secret_post: the only method the server lists that works with a client secret");
    } else {
        return Error(Error::Kind::InvalidInput,
                     tr("The server accepts only %1; KeyDesk can authenticate with client_secret_basic or "
                        "client_secret_post.")
                         .arg(listed));
    }
    if (result.tokenEndpoint.host().compare(issuer.host(), Qt::CaseInsensitive) != 0)
        result.reason +=
            tr(" (the token endpoint is on %1, not on the issuer's host)").arg(result.tokenEndpoint.host());
    return result;
}

void ProviderDiscovery::discover(const QString& issuer, std::optional<ProviderSettings::ClientAuth> wanted,
                                 Done done)
{
    auto url = issuerUrl(issuer);
    if (!url) {
        answerLater(this, std::move(done), url.error());
        return;
    }
    auto attempt = std::make_shared<Attempt>();
    attempt->issuer = url.value();
    attempt->wanted = wanted;
    attempt->urls = documentUrls(url.value());
    attempt->done = std::move(done);
    fetch(attempt);
}

void ProviderDiscovery::fetch(std::shared_ptr<Attempt> attempt)
{
    if (attempt->next >= attempt->urls.size()) {
        return attempt->done(
            Error(Error::Kind::NotFound,
                  tr("No OAuth2 metadata was found for %1 (%2).")
                      .arg(attempt->issuer.toString(), attempt->refusals.join(QStringLiteral("; ")))));
    }
    const QUrl url = attempt->urls.at(attempt->next++);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply* reply = m_network->get(request);
    const int deadlineMs = m_deadlineMs;
    auto guard = ReplyGuard::watch(reply, MaxDocumentBytes, deadlineMs);
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard, attempt, url, deadlineMs] {
        reply->deleteLater();
        if (guard->tripped() == ReplyGuard::Tripped::Deadline)
            return attempt->done(ReplyErrorMapper::deadlinePassed(url, deadlineMs));
        if (guard->tripped() == ReplyGuard::Tripped::TooLarge)
            return attempt->done(
                badDocument(attempt->issuer, tr("it is larger than %1 KB.").arg(MaxDocumentBytes / 1024)));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) // no HTTP answer at all: the other address is on the same server
            return attempt->done(ReplyErrorMapper::map(reply->error(), reply->errorString(), 0, {}, {}, url));
        if (status != 200) {
            attempt->refusals << tr("%1 answered HTTP %2").arg(url.path()).arg(status);
            return fetch(attempt);
        }
        auto parsed = parse(reply->isOpen() ? reply->read(MaxDocumentBytes + 1) : QByteArray(),
                            attempt->issuer, attempt->wanted);
        if (parsed)
            parsed.value().documentUrl = url;
        attempt->done(std::move(parsed));
    });
}

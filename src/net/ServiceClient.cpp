#include "ServiceClient.h"

#include "ReplyErrorMapper.h"
#include "ReplyGuard.h"
#include "core/AnswerLater.h"
#include "core/CredentialJson.h"
#include "core/Rfc3339.h"
#include "core/UrlPolicy.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

namespace {

Error malformed(const QString& what)
{
    return {Error::Kind::Protocol,
            QCoreApplication::translate("ServiceClient", "The service sent a reply KeyDesk cannot read."),
            what};
}

Expected<QJsonObject> objectFrom(const QByteArray& body)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return malformed(QStringLiteral("not a JSON object"));
    return doc.object();
}

Expected<Project> projectFrom(const QJsonObject& o)
{
    Project p{o.value(QLatin1String("id")).toString(), o.value(QLatin1String("name")).toString(),
              Rfc3339::parse(o.value(QLatin1String("created_at")).toString())};
    if (p.id.isEmpty() || p.name.isEmpty())
        return malformed(QStringLiteral("project without id or name"));
    return p;
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

ServiceClient::ServiceClient(QNetworkAccessManager* network, QUrl baseUrl, SecretBytes adminToken,
                             QObject* parent)
    : QObject(parent), m_network(network), m_baseUrl(std::move(baseUrl)), m_adminToken(std::move(adminToken))
{}

void ServiceClient::send(const QByteArray& verb, const QString& path, const QByteArray& body,
                         RawCallback done)
{
    QUrl url = m_baseUrl;
    url.setPath(path);
    // Checked when the admin token is about to leave: a URL from the settings or the inventory gets no pass.
    if (auto allowed = UrlPolicy::check(url, UrlPolicy::Purpose::ServiceApi); !allowed) {
        answerLater(this, std::move(done), allowed.error());
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    // Only same-origin redirects are followed, so the admin token never travels to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    QByteArray authorization = QByteArrayLiteral("Bearer ") + m_adminToken.toByteArray();
    request.setRawHeader("Authorization", authorization);
    SecretBytes::wipe(authorization);

    QNetworkReply* reply = m_network->sendCustomRequest(request, verb, body);
    const qint64 cap = m_maxReplyBytes;
    const int deadlineMs = m_deadlineMs;
    auto guard = ReplyGuard::watch(reply, cap, deadlineMs);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, cap, deadlineMs, done = std::move(done)]() {
        reply->deleteLater();
        if (guard->tripped() == ReplyGuard::Tripped::Deadline)
            return done(ReplyErrorMapper::deadlinePassed(reply->url(), deadlineMs));
        if (guard->tripped() == ReplyGuard::Tripped::TooLarge) {
            done(Error(Error::Kind::Protocol,
                       QCoreApplication::translate(
                           "ServiceClient", "The service sent a reply larger than %1 MB; it was not read.")
                           .arg(cap / (1024 * 1024)),
                       reply->url().toString(QUrl::RemoveUserInfo)));
            return;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray bytes = reply->read(cap + 1);
        if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
            done(ReplyErrorMapper::map(reply->error(), reply->errorString(), status, bytes,
                                       reply->rawHeader("Retry-After"), reply->url()));
            return;
        }
        done(bytes);
    });
}

void ServiceClient::checkLive(Callback<void> done)
{
    send("GET", QStringLiteral("/livez"), {},
         [done](Expected<QByteArray> r) { r ? done({}) : done(r.error()); });
}

void ServiceClient::listProjects(Callback<QList<Project>> done)
{
    send("GET", QStringLiteral("/v1/projects"), {}, [done](Expected<QByteArray> r) {
        if (!r)
            return done(r.error());
        auto o = objectFrom(r.value());
        if (!o)
            return done(o.error());
        const QJsonValue items = o.value().value(QLatin1String("projects"));
        if (!items.isArray())
            return done(malformed(QStringLiteral("no \"projects\" array")));
        QList<Project> projects;
        for (const QJsonValue& item : items.toArray()) {
            auto p = projectFrom(item.toObject());
            if (!p)
                return done(p.error());
            projects << p.value();
        }
        done(projects);
    });
}

void ServiceClient::createProject(const QString& name, Callback<Project> done)
{
    send("POST", QStringLiteral("/v1/projects"), json({{QStringLiteral("name"), name}}),
         [done](Expected<QByteArray> r) {
             if (!r)
                 return done(r.error());
             auto o = objectFrom(r.value());
             o ? done(projectFrom(o.value())) : done(o.error());
         });
}

void ServiceClient::listKeys(const QString& projectId, Callback<KeyList> done)
{
    send("GET", QStringLiteral("/v1/projects/%1/keys").arg(projectId), {},
         [done, projectId](Expected<QByteArray> r) {
             if (!r)
                 return done(r.error());
             auto o = objectFrom(r.value());
             if (!o)
                 return done(o.error());
             const QJsonValue items = o.value().value(QLatin1String("keys"));
             if (!items.isArray())
                 return done(malformed(QStringLiteral("no \"keys\" array")));
             KeyList list;
             list.limit = o.value().value(QLatin1String("limit")).toInt();
             for (const QJsonValue& item : items.toArray()) {
                 auto key = CredentialJson::fromJson(item.toObject());
                 if (!key)
                     return done(key.error());
                 list.keys << key.value();
                 list.keys.last().project = projectId;
             }
             done(list);
         });
}

void ServiceClient::createKey(const QString& projectId, const QString& name, const QString& description,
                              std::optional<int> expiresInDays, Callback<CreatedKey> done)
{
    const QJsonObject body{{QStringLiteral("name"), name},
                           {QStringLiteral("description"), description},
                           {QStringLiteral("expires_in_days"),
                            expiresInDays ? QJsonValue(*expiresInDays) : QJsonValue(QJsonValue::Null)}};
    send("POST", QStringLiteral("/v1/projects/%1/keys").arg(projectId), json(body),
         [done](Expected<QByteArray> r) {
             if (!r)
                 return done(r.error());
             QByteArray bytes = std::move(r).value();
             auto o = objectFrom(bytes);
             SecretBytes::wipe(bytes);
             if (!o)
                 return done(o.error());
             auto key = CredentialJson::fromJson(o.value());
             if (!key)
                 return done(key.error());
             QString secret = o.value().value(QLatin1String("secret")).toString();
             if (!secret.startsWith(QLatin1String("kds_")) || secret.size() < 8)
                 return done(malformed(QStringLiteral("no secret in the created key")));
             CreatedKey created{key.value(), SecretBytes::fromUtf8(secret)};
             SecretBytes::wipe(secret);
             done(std::move(created));
         });
}

void ServiceClient::setKeyStatus(const QString& projectId, const QString& keyId, KeyStatus status,
                                 Callback<Credential> done)
{
    send("PATCH", QStringLiteral("/v1/projects/%1/keys/%2").arg(projectId, keyId),
         json({{QStringLiteral("status"), keyStatusToString(status)}}), [done](Expected<QByteArray> r) {
             if (!r)
                 return done(r.error());
             auto o = objectFrom(r.value());
             o ? done(CredentialJson::fromJson(o.value())) : done(o.error());
         });
}

void ServiceClient::deleteKey(const QString& projectId, const QString& keyId, Callback<void> done)
{
    send("DELETE", QStringLiteral("/v1/projects/%1/keys/%2").arg(projectId, keyId), {},
         [done](Expected<QByteArray> r) { r ? done({}) : done(r.error()); });
}

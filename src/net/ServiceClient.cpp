#include "ServiceClient.h"

#include "ReplyErrorMapper.h"
#include "ReplyGuard.h"
#include "core/AnswerLater.h"
#include "core/AuditEventJson.h"
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
#include <QRegularExpression>

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
              Rfc3339::parse(o.value(QLatin1String("created_at")).toString()),
              o.value(QLatin1String("key_count")).toInt()}; // absent from older services: 0
    if (p.id.isEmpty() || p.name.isEmpty() || p.id.size() > 128 || p.name.size() > 256)
        return malformed(QStringLiteral("project without id or name"));
    return p;
}

// One path segment: ids from a server or a command line never add segments or a query.
QString segment(const QString& id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
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
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    // The path carries segments percent-encoded by segment(): keep them encoded.
    url.setPath(path.left(question), QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(path.mid(question + 1), QUrl::TolerantMode);
    // Checked when the admin token is about to leave: a URL from the settings or the inventory gets no pass.
    if (auto allowed = UrlPolicy::check(url, UrlPolicy::Purpose::ServiceApi); !allowed) {
        answerLater(this, std::move(done), allowed.error());
        return;
    }
    QNetworkRequest request(url);
    // Never before the deadline, whose own message says what happened (Qt's default stopped at 15 s).
    request.setTransferTimeout(m_timeoutMs > 0 ? m_timeoutMs : m_deadlineMs + 1000);
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
        const QByteArray bytes = reply->isOpen() ? reply->read(cap + 1) : QByteArray(); // aborted: closed
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

void ServiceClient::whoAmI(Callback<Identity> done)
{
    send("GET", QStringLiteral("/v1/me"), {}, [done](Expected<QByteArray> r) {
        if (!r)
            return done(r.error());
        auto o = objectFrom(r.value());
        if (!o)
            return done(o.error());
        const QString name = o.value().value(QLatin1String("name")).toString();
        const auto role = roleFromString(o.value().value(QLatin1String("role")).toString());
        if (name.isEmpty() || name.size() > 64 || !role)
            return done(malformed(QStringLiteral("no name or role in /v1/me")));
        done(Identity{name, *role});
    });
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

void ServiceClient::renameProject(const QString& projectId, const QString& name, Callback<Project> done)
{
    send("PATCH", QStringLiteral("/v1/projects/%1").arg(segment(projectId)),
         json({{QStringLiteral("name"), name}}), [done](Expected<QByteArray> r) {
             if (!r)
                 return done(r.error());
             auto o = objectFrom(r.value());
             o ? done(projectFrom(o.value())) : done(o.error());
         });
}

void ServiceClient::deleteProject(const QString& projectId, Callback<void> done)
{
    send("DELETE", QStringLiteral("/v1/projects/%1").arg(segment(projectId)), {},
         [done](Expected<QByteArray> r) { r ? done({}) : done(r.error()); });
}

void ServiceClient::listEvents(const EventQuery& query, Callback<EventPage> done)
{
    QString path = query.projectId.isEmpty()
                       ? QStringLiteral("/v1/events")
                       : QStringLiteral("/v1/projects/%1/events").arg(segment(query.projectId));
    path += QStringLiteral("?limit=%1").arg(query.limit);
    if (!query.keyId.isEmpty())
        path += QStringLiteral("&key_id=") + segment(query.keyId);
    if (query.before > 0)
        path += QStringLiteral("&before=%1").arg(query.before);
    send("GET", path, {}, [done](Expected<QByteArray> r) {
        if (!r)
            return done(r.error());
        auto o = objectFrom(r.value());
        if (!o)
            return done(o.error());
        const QJsonValue items = o.value().value(QLatin1String("events"));
        if (!items.isArray())
            return done(malformed(QStringLiteral("no \"events\" array")));
        EventPage page;
        for (const QJsonValue& item : items.toArray()) {
            auto event = AuditEventJson::fromJson(item.toObject());
            if (!event)
                return done(event.error());
            page.events << event.value();
        }
        page.nextBefore = o.value().value(QLatin1String("next_before")).toInteger();
        done(page);
    });
}

void ServiceClient::listKeys(const QString& projectId, Callback<KeyList> done)
{
    send("GET", QStringLiteral("/v1/projects/%1/keys").arg(segment(projectId)), {},
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
                              std::optional<int> expiresInDays, Callback<CreatedKey> done,
                              const QString& replaces)
{
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("description"), description},
                     {QStringLiteral("expires_in_days"),
                      expiresInDays ? QJsonValue(*expiresInDays) : QJsonValue(QJsonValue::Null)}};
    if (!replaces.isEmpty())
        body.insert(QStringLiteral("replaces"), replaces);
    send("POST", QStringLiteral("/v1/projects/%1/keys").arg(segment(projectId)), json(body),
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
             static const QRegularExpression shape(QStringLiteral("\\Akds_[0-9A-Za-z]{40}\\z"));
             if (!shape.match(secret).hasMatch())
                 return done(malformed(QStringLiteral("no secret in the created key")));
             CreatedKey created{key.value(), SecretBytes::fromUtf8(secret)};
             SecretBytes::wipe(secret);
             done(std::move(created));
         });
}

void ServiceClient::setKeyStatus(const QString& projectId, const QString& keyId, KeyStatus status,
                                 Callback<Credential> done)
{
    send("PATCH", QStringLiteral("/v1/projects/%1/keys/%2").arg(segment(projectId), segment(keyId)),
         json({{QStringLiteral("status"), keyStatusToString(status)}}), [done](Expected<QByteArray> r) {
             if (!r)
                 return done(r.error());
             auto o = objectFrom(r.value());
             o ? done(CredentialJson::fromJson(o.value())) : done(o.error());
         });
}

void ServiceClient::deleteKey(const QString& projectId, const QString& keyId, Callback<void> done)
{
    send("DELETE", QStringLiteral("/v1/projects/%1/keys/%2").arg(segment(projectId), segment(keyId)), {},
         [done](Expected<QByteArray> r) { r ? done({}) : done(r.error()); });
}

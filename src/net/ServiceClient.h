#pragma once

#include "core/AuditEvent.h"
#include "core/Credential.h"
#include "core/Expected.h"
#include "core/Project.h"
#include "core/Role.h"
#include "core/SecretBytes.h"

#include <QList>
#include <QObject>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

// The app's client for the keydesk-server API (docs/api.md): the embedded service and a remote one go
// through this same code. Asynchronous; each callback runs once on the caller's thread. Every failure
// arrives as an Error (see ReplyErrorMapper); replies are parsed strictly and capped in size.
class ServiceClient : public QObject
{
    Q_OBJECT

public:
    template <typename T> using Callback = std::function<void(Expected<T>)>;

    struct KeyList
    {
        QList<Credential> keys;
        int limit = 0;
    };
    struct CreatedKey
    {
        Credential key;
        SecretBytes secret;
    };
    // Who the token belongs to (GET /v1/me).
    struct Identity
    {
        QString name;
        Role role = Role::Viewer;
    };
    struct EventQuery
    {
        QString projectId; // empty: the whole service's events (owners only)
        QString keyId;
        int limit = 100;
        qint64 before = 0;
    };
    struct EventPage
    {
        QList<AuditEvent> events;
        qint64 nextBefore = 0; // 0: no more pages
    };

    ServiceClient(QNetworkAccessManager* network, QUrl baseUrl, SecretBytes adminToken,
                  QObject* parent = nullptr);

    QUrl baseUrl() const { return m_baseUrl; }
    QNetworkAccessManager* network() const { return m_network; }
    void setTransferTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setMaxReplyBytes(qint64 bytes) { m_maxReplyBytes = bytes; }
    void setDeadlineMs(int ms) { m_deadlineMs = ms; }

    void checkLive(Callback<void> done);
    void whoAmI(Callback<Identity> done);
    void listProjects(Callback<QList<Project>> done);
    void createProject(const QString& name, Callback<Project> done);
    void renameProject(const QString& projectId, const QString& name, Callback<Project> done);
    void deleteProject(const QString& projectId, Callback<void> done);
    void listKeys(const QString& projectId, Callback<KeyList> done);
    // `replaces`: the service id of the key this one rotates (recorded in the audit trail).
    void createKey(const QString& projectId, const QString& name, const QString& description,
                   std::optional<int> expiresInDays, Callback<CreatedKey> done, const QString& replaces = {});
    void listEvents(const EventQuery& query, Callback<EventPage> done);
    void setKeyStatus(const QString& projectId, const QString& keyId, KeyStatus status,
                      Callback<Credential> done);
    void deleteKey(const QString& projectId, const QString& keyId, Callback<void> done);

private:
    using RawCallback = std::function<void(Expected<QByteArray>)>;
    void send(const QByteArray& verb, const QString& path, const QByteArray& body, RawCallback done);

    QNetworkAccessManager* m_network;
    QUrl m_baseUrl;
    SecretBytes m_adminToken;
    int m_timeoutMs = 0; // no bytes for this long ends the request; 0: only the deadline does
    qint64 m_maxReplyBytes = 4 * 1024 * 1024;
    int m_deadlineMs = 30000;
};

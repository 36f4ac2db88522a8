#pragma once

#include "core/Connection.h"
#include "net/ServiceClient.h"

#include <QObject>
#include <functional>
#include <optional>

// Generates a key at a KeyDesk service: the name must follow the key-name rule and the expiry be one of the
// offered options (7, 30, 90, 180, 365 days or never), checked before anything is sent. The created
// credential belongs to the connection it was attached to, so its keychain entry has its final name.
class CreateKey : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString name;
        QString description;
        std::optional<int> expiresInDays; // nullopt: never
        QString replaces;                 // the service id of the key this one rotates, if any
    };
    using Done = std::function<void(Expected<ServiceClient::CreatedKey>)>;

    CreateKey(ServiceClient& client, QString projectId, QObject* parent = nullptr);
    void attachTo(const Connection& connection) { m_connection = connection; }
    void setProjectId(const QString& projectId) { m_projectId = projectId; }
    void run(const Request& request, Done done);

    static Expected<void> check(const Request& request);

private:
    ServiceClient& m_client;
    QString m_projectId;
    Connection m_connection;
};

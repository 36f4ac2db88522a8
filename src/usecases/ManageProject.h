#pragma once

#include "net/ServiceClient.h"

#include <QObject>

// Creates, renames and deletes a KeyDesk service's projects, for the app's Keys menu and keydesk-cli
// projects: the project-name rule (the key-name rule) is checked before anything is sent, and a deletion is
// confirmed against the keys the service has in the project now, not the ones a sync last saw.
class ManageProject : public QObject
{
    Q_OBJECT

public:
    explicit ManageProject(ServiceClient& client, QObject* parent = nullptr);

    static Expected<void> checkName(const QString& name);
    void create(const QString& name, ServiceClient::Callback<Project> done);
    void rename(const QString& projectId, const QString& name, ServiceClient::Callback<Project> done);
    // The keys that would go with the project: what a confirmation names.
    void keysOf(const QString& projectId, ServiceClient::Callback<QList<Credential>> done);
    void remove(const QString& projectId, ServiceClient::Callback<void> done);

private:
    ServiceClient& m_client;
};

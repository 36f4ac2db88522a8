#include "ManageProject.h"

#include "core/AnswerLater.h"
#include "core/KeyNameValidator.h"

ManageProject::ManageProject(ServiceClient& client, QObject* parent) : QObject(parent), m_client(client) {}

Expected<void> ManageProject::checkName(const QString& name)
{
    const auto named = KeyNameValidator::validate(KeyNameValidator::normalized(name));
    if (!named.ok())
        return Error(Error::Kind::InvalidInput, named.message);
    return {};
}

void ManageProject::create(const QString& name, ServiceClient::Callback<Project> done)
{
    if (auto checked = checkName(name); !checked)
        return answerLater(this, std::move(done), checked.error());
    m_client.createProject(KeyNameValidator::normalized(name), std::move(done));
}

void ManageProject::rename(const QString& projectId, const QString& name,
                           ServiceClient::Callback<Project> done)
{
    if (auto checked = checkName(name); !checked)
        return answerLater(this, std::move(done), checked.error());
    m_client.renameProject(projectId, KeyNameValidator::normalized(name), std::move(done));
}

void ManageProject::keysOf(const QString& projectId, ServiceClient::Callback<QList<Credential>> done)
{
    m_client.listKeys(projectId, [done](Expected<ServiceClient::KeyList> list) {
        list ? done(list.value().keys) : done(list.error());
    });
}

void ManageProject::remove(const QString& projectId, ServiceClient::Callback<void> done)
{
    m_client.deleteProject(projectId, std::move(done));
}

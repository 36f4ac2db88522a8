#include "CreateKey.h"

#include "core/AnswerLater.h"
#include "core/ExpiryOption.h"
#include "core/KeyNameValidator.h"

CreateKey::CreateKey(ServiceClient& client, QString projectId, QObject* parent)
    : QObject(parent), m_client(client), m_projectId(std::move(projectId))
{}

Expected<void> CreateKey::check(const Request& request)
{
    const auto named = KeyNameValidator::validate(request.name);
    if (!named.ok())
        return Error(Error::Kind::InvalidInput, named.message);
    if (request.expiresInDays && !expiryOptionFromDays(request.expiresInDays))
        return Error(Error::Kind::InvalidInput, tr("A key expires in 7, 30, 90, 180 or 365 days, or never."));
    return {};
}

void CreateKey::run(const Request& request, Done done)
{
    if (auto checked = check(request); !checked) {
        answerLater(this, std::move(done), checked.error());
        return;
    }
    const Connection connection = m_connection;
    m_client.createKey(
        m_projectId, KeyNameValidator::normalized(request.name), request.description, request.expiresInDays,
        [connection, done](Expected<ServiceClient::CreatedKey> created) {
            if (!created)
                return done(created.error());
            ServiceClient::CreatedKey key = std::move(created).value();
            key.key.connectionId = connection.id;
            key.key.connectionUid = connection.uid;
            done(std::move(key));
        },
        request.replaces);
}

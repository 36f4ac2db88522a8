#include "ChangeKeyStatus.h"

#include "ServiceDirectory.h"
#include "core/AnswerLater.h"
#include "usecases/ServiceSession.h"

#include <QPointer>

ChangeKeyStatus::ChangeKeyStatus(ServiceDirectory& services, QObject* parent)
    : QObject(parent), m_services(services)
{}

void ChangeKeyStatus::run(const Credential& key, KeyStatus status, Done done)
{
    ServiceSession* service = m_services.serviceFor(key.connectionId);
    if (!service || status == KeyStatus::Expired) {
        const Error refused =
            service ? Error(Error::Kind::InvalidInput, tr("A key can be activated or deactivated."))
                    : Error(Error::Kind::Network,
                            tr("Not connected to the service of \u201C%1\u201D: nothing was "
                               "changed.")
                                .arg(key.name));
        answerLater(this, std::move(done), refused);
        return;
    }
    QPointer<ServiceSession> sync(service);
    service->client().setKeyStatus(key.project.isEmpty() ? service->projectId() : key.project, key.remoteId,
                                   status, [sync, done](Expected<Credential> changed) {
                                       if (!changed || !sync)
                                           return done(changed);
                                       const Credential result = changed.value();
                                       sync->refresh([done, result](Expected<void>) { done(result); });
                                   });
}

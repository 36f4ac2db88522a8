#include "RotationFlow.h"

#include "SecretDialog.h"
#include "UserQuestions.h"
#include "core/Rotation.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "usecases/ChangeKeyStatus.h"
#include "usecases/DeleteCredential.h"
#include "usecases/KeepNewSecret.h"
#include "usecases/RotateKey.h"
#include "usecases/ServiceDirectory.h"
#include "usecases/ServiceSession.h"

#include <QPointer>

RotationFlow::RotationFlow(InventoryStore& store, ServiceDirectory& services, SecretStore* secrets,
                           Clipboard& clipboard, QWidget* window)
    : QObject(window), m_store(store), m_services(services), m_secrets(secrets), m_clipboard(clipboard),
      m_window(window)
{
    m_rotate = new RotateKey(store, m_services, this);
}

void RotationFlow::start(const Credential& old)
{
    const QString name = Rotation::successorName(old.name);
    const ExpiryOption expiry = Rotation::successorExpiry(old);
    const auto answer = UserQuestions::current().question(
        m_window, tr("Rotate key"),
        tr("Create \u201C%1\u201D to replace \u201C%2\u201D (expiry: "
           "%3)? Its secret is shown once. \u201C%2\u201D keeps "
           "working until you confirm the new key is deployed.")
            .arg(name, old.name, expiryOptionLabel(expiry)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes, tr("&Rotate"));
    if (answer != QMessageBox::Yes)
        return emit finished(false, tr("Rotation cancelled."));
    emit progress(tr("Creating \u201C%1\u201D\u2026").arg(name));
    QPointer<RotationFlow> self(this);
    m_rotate->createSuccessor(old, [self, old](Expected<ServiceClient::CreatedKey> created) {
        if (!self)
            return;
        if (!created)
            return emit self->finished(false, tr("Rotation stopped: %1").arg(created.error().message()));
        const Credential successor = created.value().key;
        emit self->successorCreated(successor.connectionId, successor.keyId);
        emit self->progress(
            tr("Created \u201C%1\u201D. Copy its secret now: it is shown once.").arg(successor.name));
        SecretDialog dialog(successor.keyId, created.value().secret, successor.keychainAccount(),
                            self->m_secrets, self->m_clipboard, self->m_window);
        const ServiceSession* service = self->m_services.serviceFor(successor.connectionId);
        if (const auto project = service ? service->project(successor.project) : std::nullopt)
            dialog.showProject(project->id, project->name);
        dialog.nameKey(successor.name, old.name);
        if (auto connection = self->m_store.connection(successor.connectionId))
            dialog.setConnectionName(connection.value().name); // for its keychain label
        dialog.exec();
        KeepNewSecret(self->m_store, self->m_secrets).record(successor, dialog.storedInKeychain());
        emit self->progress(tr("\u201C%1\u201D is ready to deploy.").arg(successor.name));
        self->askToDeactivate(old, successor);
    });
}

void RotationFlow::askToDeactivate(const Credential& old, const Credential& successor)
{
    const auto deployed = UserQuestions::current().question(
        m_window, tr("Rotate key"),
        tr("Is \u201C%1\u201D deployed everywhere \u201C%2\u201D was used? Deactivate \u201C%2\u201D now?")
            .arg(successor.name, old.name),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No, tr("&Deactivate"), tr("&Not Yet"));
    if (deployed != QMessageBox::Yes)
        return emit finished(
            true, tr("\u201C%1\u201D is ready. Deactivate \u201C%2\u201D once the new key is deployed.")
                      .arg(successor.name, old.name));
    QPointer<RotationFlow> self(this);
    auto* change = new ChangeKeyStatus(m_services, this);
    change->run(old, KeyStatus::Inactive, [self, old, change](Expected<Credential> done) {
        change->deleteLater();
        if (!self)
            return;
        if (!done)
            return emit self->finished(
                false, tr("Could not deactivate \u201C%1\u201D: %2").arg(old.name, done.error().message()));
        emit self->deactivated(old.id);
        emit self->progress(tr("\u201C%1\u201D is deactivated.").arg(old.name));
        self->askToDelete(old);
    });
}

void RotationFlow::askToDelete(const Credential& old)
{
    const auto remove = UserQuestions::current().question(
        m_window, tr("Rotate key"),
        tr("\u201C%1\u201D is deactivated. Delete it now? You can also delete it later from the Keys menu.")
            .arg(old.name),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No, tr("&Delete Key"), tr("&Keep It"));
    QPointer<RotationFlow> self(this);
    auto done = [self, old](const QString& message) {
        if (!self)
            return;
        ServiceSession* service = self->m_services.serviceFor(old.connectionId);
        if (!service)
            return emit self->finished(true, message);
        service->refresh([self, message](Expected<void>) {
            if (self)
                emit self->finished(true, message);
        });
    };
    if (remove != QMessageBox::Yes)
        return done(tr("Rotation done; \u201C%1\u201D is inactive and can be deleted later.").arg(old.name));
    auto target = CredentialTarget::resolve(old, m_store, m_services);
    if (!target)
        return emit finished(false, target.error().message());
    auto* remover = new DeleteCredential(m_store, m_secrets, m_services, this);
    remover->run(target.value(), [self, old, done, remover](Expected<DeleteCredential::Outcome> deleted) {
        remover->deleteLater();
        if (!self)
            return;
        if (!deleted)
            return emit self->finished(
                false, tr("Could not delete \u201C%1\u201D: %2").arg(old.name, deleted.error().message()));
        done(deleted.value().secretLeftBehind
                 ? deleted.value().message
                 : tr("Rotation done; \u201C%1\u201D was deleted.").arg(old.name));
    });
}

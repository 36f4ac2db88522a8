#include "KeyActions.h"

#include "RotationFlow.h"
#include "UserQuestions.h"
#include "usecases/ChangeKeyStatus.h"
#include "usecases/DeleteCredential.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"
#include "usecases/TestCredential.h"

#include <QPointer>
#include <QWidget>

KeyActions::KeyActions(InventoryStore& store, SecretStore* secrets, ServiceSessions& services,
                       TokenClient& tokens, TestCall& call, Clipboard& clipboard, QWidget* window)
    : QObject(window), m_store(store), m_secrets(secrets), m_services(services), m_clipboard(clipboard),
      m_window(window), m_delete(new DeleteCredential(store, secrets, services, this)),
      m_changeStatus(new ChangeKeyStatus(services, this))
{
    if (secrets)
        m_test = new TestCredential(*secrets, tokens, call, store, this);
}

std::optional<CredentialTarget> KeyActions::targetOf(const Credential& key)
{
    auto target = CredentialTarget::resolve(key, m_store, m_services);
    if (!target) {
        emit status(target.error().message(), true, key.id);
        return std::nullopt;
    }
    return target.value();
}

void KeyActions::test(const Credential& key)
{
    const std::optional<CredentialTarget> target = targetOf(key);
    if (!target || !m_test)
        return;
    emit testing(key.id);
    const QString name = key.name;
    const qint64 id = key.id;
    emit status(tr("Testing \u201C%1\u201D\u2026").arg(name), false, id);
    QPointer<KeyActions> self(this);
    m_test->run(*target, [self, name, id, target = *target](Expected<TestResult> result) {
        if (!self)
            return;
        if (!result) {
            const QString why = tr("Cannot test \u201C%1\u201D: %2").arg(name, result.error().message());
            emit self->status(why, true, id);
            return emit self->tested(id, false, why);
        }
        const TestResult& r = result.value();
        emit self->status(QStringLiteral("%1: %2 \u2014 %3").arg(name, r.summary, r.explanation), !r.passed,
                          id);
        emit self->tested(id, r.passed, r.summary + QLatin1Char('\n') + r.explanation);
        self->syncAfterUse(target);
    });
}

void KeyActions::syncAfterUse(const CredentialTarget& tested)
{
    // A test call used the key at its service: its Last used and History changed there.
    ServiceSession* service = m_services.serviceFor(tested.credential.connectionId);
    if (!service || !m_services.reachable(tested.credential.connectionId))
        return;
    QPointer<KeyActions> self(this);
    service->refresh([self, id = tested.credential.id](Expected<void> synced) {
        if (self && synced) // not refreshed: the next refresh shows it
            emit self->usedAtService(id);
    });
}

void KeyActions::remove(const Credential& key)
{
    const std::optional<CredentialTarget> target = targetOf(key);
    if (!target)
        return;
    const Credential& c = target->credential;
    const bool serviceKey = target->connection.kind == Connection::Kind::KeyDeskService;
    const QString question =
        serviceKey
            ? tr("Delete \u201C%1\u201D (%2)? Anything still using it will stop working at once. This "
                 "cannot be undone.")
                  .arg(c.name, c.keyId)
            : tr("Delete \u201C%1\u201D (%2) and its secret from this computer? The vendor still knows "
                 "the credential: revoke it in the vendor's dashboard as well.")
                  .arg(c.name, c.keyId);
    const auto answer = UserQuestions::current().question(m_window, tr("Delete key"), question,
                                                          QMessageBox::Yes | QMessageBox::Cancel,
                                                          QMessageBox::Cancel, tr("&Delete Key"));
    if (answer != QMessageBox::Yes)
        return;
    QPointer<KeyActions> self(this);
    m_delete->run(*target, [self, serviceKey, id = c.id](Expected<DeleteCredential::Outcome> done) {
        if (!self)
            return;
        if (!done)
            return emit self->status(done.error().message(), true, id);
        emit self->removed(id, !done.value().secretLeftBehind, serviceKey, done.value().message);
    });
}

void KeyActions::toggleActive(const Credential& key)
{
    const KeyStatus target =
        key.storedStatus == KeyStatus::Inactive ? KeyStatus::Active : KeyStatus::Inactive;
    QPointer<KeyActions> self(this);
    m_changeStatus->run(key, target, [self, id = key.id](Expected<Credential> done) {
        if (!self)
            return;
        if (!done)
            return emit self->status(done.error().message(), true, id);
        emit self->statusChanged(
            id,
            done.value().storedStatus == KeyStatus::Inactive
                ? tr("\u201C%1\u201D is deactivated: it is refused until you "
                     "activate it again.")
                      .arg(done.value().name)
                : tr("\u201C%1\u201D is active again: it is accepted from now on.").arg(done.value().name));
    });
}

void KeyActions::rotate(const Credential& key)
{
    auto* flow = new RotationFlow(m_store, m_services, m_secrets, m_clipboard, m_window);
    // Progress is about the rotation, not one key: it stays while the new key is selected.
    connect(flow, &RotationFlow::progress, this,
            [this](const QString& message) { emit status(message, false, 0); });
    connect(flow, &RotationFlow::successorCreated, this, &KeyActions::successorCreated);
    connect(flow, &RotationFlow::deactivated, this, &KeyActions::deactivated);
    connect(flow, &RotationFlow::finished, this, [this, flow](bool ok, const QString& message) {
        flow->deleteLater();
        emit rotated(ok, message);
    });
    flow->start(key);
}

#include "KeyActions.h"

#include "MessageBox.h"
#include "usecases/ChangeKeyStatus.h"
#include "usecases/DeleteCredential.h"
#include "usecases/TestCredential.h"

#include <QPointer>
#include <QWidget>

KeyActions::KeyActions(InventoryStore& store, SecretStore* secrets, ServiceDirectory& services,
                       TokenClient& tokens, TestCall& call, QWidget* window)
    : QObject(window), m_window(window), m_delete(new DeleteCredential(store, secrets, services, this)),
      m_changeStatus(new ChangeKeyStatus(services, this))
{
    if (secrets)
        m_test = new TestCredential(*secrets, tokens, call, store, this);
}

void KeyActions::test(const CredentialTarget& target)
{
    if (!m_test)
        return;
    const QString name = target.credential.name;
    const qint64 id = target.credential.id;
    emit status(tr("Testing \u201C%1\u201D\u2026").arg(name), false, id);
    QPointer<KeyActions> self(this);
    m_test->run(target, [self, name, id](Expected<TestResult> result) {
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
    });
}

void KeyActions::remove(const CredentialTarget& target)
{
    const Credential& c = target.credential;
    const bool serviceKey = target.connection.kind == Connection::Kind::KeyDeskService;
    const QString question =
        serviceKey
            ? tr("Delete \u201C%1\u201D (%2)? Anything still using it will stop working at once. This "
                 "cannot be undone.")
                  .arg(c.name, c.keyId)
            : tr("Delete \u201C%1\u201D (%2) and its secret from this computer? The vendor still knows "
                 "the credential: revoke it in the vendor's dashboard as well.")
                  .arg(c.name, c.keyId);
    const auto answer =
        MessageBox::question(m_window, tr("Delete key"), question, QMessageBox::Yes | QMessageBox::Cancel,
                             QMessageBox::Cancel, tr("&Delete Key"));
    if (answer != QMessageBox::Yes)
        return;
    QPointer<KeyActions> self(this);
    m_delete->run(target, [self, serviceKey, id = c.id](Expected<DeleteCredential::Outcome> done) {
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

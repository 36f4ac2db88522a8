#include "DialogActions.h"

#include "Clipboard.h"
#include "ConnectServiceDialog.h"
#include "ExportFileChooser.h"
#include "GenerateKeyDialog.h"
#include "ImportCredentialDialog.h"
#include "InventoryTableModel.h"
#include "PublicKeyDialog.h"
#include "SecretDialog.h"
#include "TokenGeneratorDialog.h"
#include "UserGuideWindow.h"
#include "core/Plural.h"
#include "core/SecretStore.h"
#include "usecases/ClientKey.h"
#include "usecases/ExportInventory.h"
#include "usecases/KeepNewSecret.h"
#include "usecases/ServiceSession.h"
#include "usecases/ServiceSessions.h"
#include "usecases/TokenCandidates.h"

DialogActions::DialogActions(InventoryStore& store, ServiceSessions& sessions, SecretStore* secrets,
                             Clipboard& clipboard, const Clock& clock, TokenClient& tokens, TestCall& call,
                             QWidget* window)
    : QObject(window), m_store(store), m_sessions(sessions), m_secrets(secrets), m_clipboard(clipboard),
      m_clock(clock), m_tokens(tokens), m_call(call), m_window(window)
{}

void DialogActions::generateKey(const ServiceSession* target, const QString& project)
{
    // Every project of every reached service that lets us add keys; the picked one (or the picked service's
    // first) is shown first.
    QList<GenerateKeyDialog::Destination> destinations;
    int picked = 0;
    for (ServiceSession* service : m_sessions.all()) {
        auto connection = m_store.connection(service->connectionId());
        if (!connection || !m_sessions.reachable(service->connectionId()) ||
            !service->allows(Permission::ManageKeys))
            continue;
        for (const Project& p : service->projects()) {
            if (service == target && p.id == (project.isEmpty() ? service->projectId() : project))
                picked = int(destinations.size());
            destinations << GenerateKeyDialog::Destination{&service->client(), connection.value(), p,
                                                           service->keyLimit()};
        }
    }
    if (destinations.isEmpty())
        return emit status(tr("No connected service has a project you may add keys to; an admin creates one "
                              "first (Keys \u2192 New Project)."),
                           true);
    GenerateKeyDialog dialog(destinations, picked, m_clock, m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto created = dialog.takeCreatedKey();
    if (!created)
        return;
    const Credential stored = created->key;
    SecretDialog secretDialog(stored.keyId, std::move(created->secret), stored.keychainAccount(), m_secrets,
                              m_clipboard, m_window);
    created.reset();
    const ServiceSession* service = m_sessions.serviceFor(stored.connectionId);
    if (const auto p = service ? service->project(stored.project) : std::nullopt)
        secretDialog.showProject(p->id, p->name);
    secretDialog.nameKey(stored.name);
    for (const GenerateKeyDialog::Destination& d : destinations) {
        if (d.connection.id == stored.connectionId)
            secretDialog.setConnectionName(d.connection.name);
    }
    secretDialog.exec();
    KeepNewSecret(m_store, m_secrets).record(stored, secretDialog.storedInKeychain());
    emit keyCreated(stored.connectionId, stored.keyId);
}

void DialogActions::connectService()
{
    if (!m_secrets)
        return;
    ConnectServiceDialog dialog(m_sessions.network(), m_store, *m_secrets, m_window);
    dialog.setDeadlineMs(m_deadlineMs);
    if (dialog.exec() != QDialog::Accepted || !dialog.connected())
        return;
    const Connection connected = *dialog.connected();
    emit connectionAdded();
    emit status(tr("Connecting to %1\u2026").arg(connected.name), false);
    QPointer<DialogActions> self(this);
    m_sessions.openFromKeychain(connected, *m_secrets, [self, connected](Expected<ServiceSession*> opened) {
        if (!self)
            return;
        if (!opened)
            return emit self->status(opened.error().message(), true);
        emit self->refreshRequested(
            tr("Connected to %1: its keys are listed with the others.").arg(connected.name));
    });
}

void DialogActions::importCredential()
{
    if (!m_secrets)
        return;
    ImportCredentialDialog dialog(m_store, *m_secrets, m_window);
    dialog.enableDiscovery(m_sessions.network(), m_deadlineMs);
    if (dialog.exec() != QDialog::Accepted)
        return;
    emit credentialSaved(dialog.savedCredentialId(), true);
    if (!dialog.savedSignsWithKey())
        return emit status(tr("Credential added; its secret is in the OS keychain."), false);
    emit status(
        tr("Credential added; its private key is in the OS keychain. Give the vendor its public key."),
        false);
    showPublicKeyOf(dialog.savedCredentialId()); // by id: the new row may not be in the table yet
}

void DialogActions::editCredential(const Credential& credential, bool focusSecret)
{
    if (!m_secrets)
        return;
    auto connection = m_store.connection(credential.connectionId);
    if (!connection)
        return emit status(connection.error().message(), true);
    ImportCredentialDialog dialog(m_store, *m_secrets, m_window);
    dialog.enableDiscovery(m_sessions.network(), m_deadlineMs);
    dialog.editExisting(connection.value(), credential, focusSecret);
    if (dialog.exec() != QDialog::Accepted)
        return;
    emit credentialSaved(credential.id, false);
    emit status(tr("\u201C%1\u201D is saved.").arg(credential.name), false);
}

void DialogActions::showPublicKeyOf(qint64 credentialId)
{
    auto found = m_store.credentialsByIds({credentialId});
    if (!found || found.value().isEmpty() || !m_secrets)
        return;
    const Credential c = found.value().first();
    auto target = CredentialTarget::resolve(c, m_store, m_sessions);
    if (!target)
        return emit status(target.error().message(), true);
    QPointer<DialogActions> self(this);
    ClientKey::readPublicKey(*m_secrets, target.value().connection, c,
                             [self, clientId = c.keyId](Expected<ClientAssertion::PublicKey> key) {
                                 if (!self)
                                     return;
                                 if (!key)
                                     return emit self->status(key.error().message(), true);
                                 auto* dialog = new PublicKeyDialog(key.value(), clientId, self->m_clipboard,
                                                                    self->m_window);
                                 dialog->setAttribute(Qt::WA_DeleteOnClose);
                                 dialog->open();
                             });
}

QList<TokenSource> DialogActions::tokenSources()
{
    QList<TokenSource> sources;
    for (const CredentialTarget& t : TokenCandidates::list(m_store, m_sessions, m_clock.now()))
        sources << TokenSource{t.credential,
                               QStringLiteral("%1 \u2014 %2 (%3)")
                                   .arg(t.connection.displayName(), t.credential.name, t.credential.keyId),
                               t.provider, t.connection};
    return sources;
}

void DialogActions::openTokenGenerator(const std::optional<Credential>& selected)
{
    if (!m_secrets)
        return;
    TokenGeneratorDialog dialog(tokenSources(), m_tokens, m_call, *m_secrets, m_clipboard, &m_store,
                                MonotonicClock::system(), m_window);
    if (selected)
        dialog.selectCredential(selected->id);
    dialog.exec();
    emit inventoryChanged();
}

void DialogActions::exportInventory(const InventoryTableModel& model)
{
    const auto choice = ExportFileChooser::ask(m_window);
    if (!choice)
        return;
    auto written = ExportInventory::write(m_store, model.query(), model.connectionNames(), choice->format,
                                          choice->path, m_clock.now());
    if (!written)
        return emit status(written.error().message(), true);
    QString said = plural(written.value().keys, "DialogActions",
                          QT_TRANSLATE_NOOP("DialogActions", "Exported %1 key to %2."),
                          QT_TRANSLATE_NOOP("DialogActions", "Exported %1 keys to %2."))
                       .arg(choice->path);
    if (written.value().leftOut > 0) // the calendar has an event per expiry date: say who is not in it
        said +=
            QLatin1Char(' ') +
            plural(written.value().leftOut, "DialogActions",
                   QT_TRANSLATE_NOOP("DialogActions", "%1 key never expires and is not in the calendar."),
                   QT_TRANSLATE_NOOP("DialogActions", "%1 keys never expire and are not in the calendar."));
    emit status(said, false);
}

void DialogActions::openUserGuide()
{
    if (!m_userGuide) {
        m_userGuide = new UserGuideWindow(UserGuideWindow::installedHelpDir(), QLocale(), m_window);
        m_userGuide->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_userGuide->show();
    m_userGuide->raise();
    m_userGuide->activateWindow();
}

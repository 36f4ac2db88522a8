#include "RemoveConnection.h"

#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "storage/KeptSecrets.h"

#include <QCoreApplication>
#include <QPointer>

RemoveConnection::RemoveConnection(InventoryStore& store, SecretStore* secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

void RemoveConnection::run(const Connection& connection, Done done)
{
    m_connection = connection;
    m_done = std::move(done);
    m_accounts.clear();
    m_refused.clear();
    auto fail = [this](const Error& e) {
        QMetaObject::invokeMethod(
            this, [this, e] { m_done(e); }, Qt::QueuedConnection);
    };
    if (connection.embedded)
        return fail(Error(Error::Kind::InvalidInput, tr("The local service cannot be removed.")));
    auto credentials = m_store.credentials(InventoryQuery::inConnection(connection.id));
    if (!credentials)
        return fail(credentials.error());
    if (connection.kind == Connection::Kind::KeyDeskService)
        m_accounts << connection.tokenAccount();
    const QSet<QString> neverKept = KeptSecrets(m_store).neverKept(connection.id); // nothing to remove
    for (const Credential& c : credentials.value()) {
        if (!neverKept.contains(c.keyId))
            m_accounts << c.keychainAccount();
    }
    QMetaObject::invokeMethod(this, &RemoveConnection::deleteNext, Qt::QueuedConnection);
}

void RemoveConnection::deleteNext()
{
    if (m_accounts.isEmpty() || !m_secrets) {
        if (!m_refused.isEmpty())
            return m_done(Error(Error::Kind::KeychainLocked,
                                tr("\u201C%1\u201D was kept: the OS keychain did not delete %2.")
                                    .arg(m_connection.name, m_refused.join(QStringLiteral(", ")))));
        if (auto removed = m_store.removeConnection(m_connection.id); !removed)
            return m_done(removed.error());
        const QString note = m_secrets ? m_secrets->deletionNote() : QString();
        const QString removed =
            tr("\u201C%1\u201D and its secrets are removed from this computer.").arg(m_connection.name);
        return m_done(note.isEmpty() ? removed : removed + QLatin1Char(' ') + note);
    }
    const QString account = m_accounts.takeFirst();
    QPointer<RemoveConnection> self(this);
    m_secrets->deleteSecret(account, [self, account](Expected<void> removed) {
        if (!self)
            return;
        if (!removed)
            self->m_refused << account;
        self->deleteNext();
    });
}

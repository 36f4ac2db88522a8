#include "RelabelKeychainEntries.h"

#include "core/KeychainNames.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"

#include <QPointer>

RelabelKeychainEntries::RelabelKeychainEntries(InventoryStore& store, SecretStore& secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

void RelabelKeychainEntries::run(Done done, qint64 connectionId)
{
    m_done = std::move(done);
    auto all = m_store.connections();
    if (!all)
        m_report.problems << all.error().message();
    for (const Connection& c : all ? all.value() : QList<Connection>()) {
        if (connectionId != 0 && c.id != connectionId)
            continue;
        if (c.kind == Connection::Kind::KeyDeskService && !c.embedded)
            m_entries << Entry{c.tokenAccount(),
                               KeychainNames::label(QStringLiteral("sign-in token"), c.name)};
        auto credentials = m_store.credentials(InventoryQuery::inConnection(c.id));
        if (!credentials) {
            m_report.problems << credentials.error().message();
            continue;
        }
        for (const Credential& credential : credentials.value())
            m_entries << Entry{credential.keychainAccount(), KeychainNames::label(credential.name, c.name)};
    }
    QMetaObject::invokeMethod(this, &RelabelKeychainEntries::next, Qt::QueuedConnection);
}

void RelabelKeychainEntries::next()
{
    if (m_entries.isEmpty())
        return m_done(m_report);
    const Entry entry = m_entries.takeFirst();
    QPointer<RelabelKeychainEntries> self(this);
    m_secrets.relabelSecret(entry.account, entry.label, [self](Expected<void> relabelled) {
        if (!self)
            return;
        if (relabelled)
            ++self->m_report.relabelled;
        else
            self->m_report.problems << relabelled.error().message();
        self->next();
    });
}

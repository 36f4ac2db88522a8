#include "RenameConnection.h"

#include "RelabelKeychainEntries.h"
#include "storage/InventoryStore.h"

#include <QPointer>

RenameConnection::RenameConnection(InventoryStore& store, SecretStore* secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

void RenameConnection::run(const Connection& connection, const QString& name, Done done)
{
    const auto checked = Connection::checkedName(name);
    if (!checked)
        return done(checked.error());
    if (auto renamed = m_store.renameConnection(connection.id, checked.value()); !renamed)
        return done(renamed.error());
    Connection now = connection;
    now.name = checked.value();
    if (!m_secrets)
        return done(now);
    delete m_relabel;
    m_relabel = new RelabelKeychainEntries(m_store, *m_secrets, this);
    QPointer<RenameConnection> self(this);
    m_relabel->run(
        [self, now, done](const RelabelKeychainEntries::Report&) {
            if (self)
                done(now);
        },
        connection.id);
}

#include "RelabelKeychainEntries.h"

#include "core/KeychainNames.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"

#include <QPointer>

RelabelKeychainEntries::RelabelKeychainEntries(InventoryStore& store, SecretStore& secrets, QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets)
{}

namespace {

constexpr int kPageRows = 200;
constexpr int kProblemsKept = 20; // the first ones say enough; thousands of copies would not

} // namespace

void RelabelKeychainEntries::run(Done done, qint64 connectionId)
{
    m_done = std::move(done);
    auto all = m_store.connections();
    if (!all)
        problem(all.error().message());
    for (const Connection& c : all ? all.value() : QList<Connection>()) {
        if (connectionId != 0 && c.id != connectionId)
            continue;
        if (c.kind == Connection::Kind::KeyDeskService && !c.embedded)
            m_entries << Entry{c.tokenAccount(),
                               KeychainNames::label(QStringLiteral("sign-in token"), c.name)};
        m_unread << c;
    }
    QMetaObject::invokeMethod(this, &RelabelKeychainEntries::next, Qt::QueuedConnection);
}

bool RelabelKeychainEntries::readPage()
{
    while (!m_unread.isEmpty()) {
        const Connection c = m_unread.first();
        InventoryQuery page = InventoryQuery::inConnection(c.id);
        page.sortColumn = InventoryQuery::Column::KeyId; // stable: relabelling changes no key id
        page.limit = kPageRows;
        page.offset = m_offset;
        auto credentials = m_store.credentials(page);
        if (!credentials)
            problem(credentials.error().message());
        if (!credentials || credentials.value().size() < kPageRows) {
            m_unread.removeFirst();
            m_offset = 0;
        } else {
            m_offset += kPageRows;
        }
        for (const Credential& credential : credentials ? credentials.value() : QList<Credential>())
            m_entries << Entry{credential.keychainAccount(), KeychainNames::label(credential.name, c.name)};
        if (!m_entries.isEmpty())
            return true;
    }
    return false;
}

void RelabelKeychainEntries::problem(const QString& message)
{
    if (m_report.problems.size() < kProblemsKept)
        m_report.problems << message;
}

void RelabelKeychainEntries::next()
{
    if (m_entries.isEmpty() && !readPage())
        return m_done(m_report);
    const Entry entry = m_entries.takeFirst();
    QPointer<RelabelKeychainEntries> self(this);
    m_secrets.relabelSecret(entry.account, entry.label, [self](Expected<void> relabelled) {
        if (!self)
            return;
        if (relabelled)
            ++self->m_report.relabelled;
        else
            self->problem(relabelled.error().message());
        self->next();
    });
}

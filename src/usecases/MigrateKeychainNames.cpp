#include "MigrateKeychainNames.h"

#include "core/KeychainNames.h"
#include "core/SecretStore.h"
#include "storage/InventoryStore.h"
#include "storage/Settings.h"

#include <QCoreApplication>
#include <QPointer>
#include <algorithm>

MigrateKeychainNames::MigrateKeychainNames(InventoryStore& store, SecretStore& secrets, Settings* appSettings,
                                           QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets), m_settings(appSettings)
{}

bool MigrateKeychainNames::isDue(InventoryStore& store, const Settings* appSettings)
{
    if (appSettings && !appSettings->value(Settings::Key::RemoteServiceUrl).toString().isEmpty())
        return true;
    auto connections = store.connections();
    return connections && std::any_of(connections.value().begin(), connections.value().end(),
                                      [](const Connection& c) { return c.legacyKeychainNames; });
}

void MigrateKeychainNames::planAppService()
{
    if (!m_settings)
        return;
    const QUrl url(m_settings->value(Settings::Key::RemoteServiceUrl).toString());
    if (url.isEmpty())
        return;
    auto all = m_store.connections();
    if (!all) {
        m_report.problems << all.error().message();
        return;
    }
    std::optional<Connection> found;
    for (const Connection& c : all.value()) {
        if (c.kind == Connection::Kind::KeyDeskService && !c.embedded && c.url == url)
            found = c;
    }
    if (!found) {
        Connection row;
        row.name = url.host();
        row.kind = Connection::Kind::KeyDeskService;
        row.url = url;
        auto id = m_store.addConnection(row);
        auto readBack = id ? m_store.connection(id.value()) : Expected<Connection>(id.error());
        if (!readBack) {
            m_report.problems << readBack.error().message();
            return;
        }
        found = readBack.value();
    }
    m_moves << Move{KeychainNames::legacyAppServiceToken(), found->tokenAccount(), -1,
                    KeychainNames::label(QStringLiteral("sign-in token"), found->name)};
    m_activeUidAfterMove = found->uid;
}

void MigrateKeychainNames::run(Done done)
{
    m_done = std::move(done);
    planAppService();
    auto all = m_store.connections();
    if (!all) {
        m_report.problems << all.error().message();
    } else {
        for (const Connection& c : all.value()) {
            if (!c.legacyKeychainNames)
                continue;
            m_connectionOk.insert(c.id, true);
            if (c.kind == Connection::Kind::KeyDeskService && !c.embedded)
                m_moves << Move{KeychainNames::legacyServiceToken(c.id), c.tokenAccount(), c.id,
                                KeychainNames::label(QStringLiteral("sign-in token"), c.name)};
            auto credentials = m_store.credentials(InventoryQuery::inConnection(c.id));
            if (!credentials) {
                m_report.problems << credentials.error().message();
                m_connectionOk[c.id] = false;
                continue;
            }
            for (const Credential& credential : credentials.value())
                m_moves << Move{KeychainNames::legacyCredential(c.id, credential.keyId),
                                credential.keychainAccount(), c.id,
                                KeychainNames::label(credential.name, c.name)};
        }
    }
    QMetaObject::invokeMethod(this, &MigrateKeychainNames::next, Qt::QueuedConnection);
}

void MigrateKeychainNames::moved(const Move& move, bool entryExisted)
{
    if (entryExisted)
        ++m_report.moved;
    // The app's remote service lives in the inventory from now on; the settings only say it is the active
    // one.
    if (move.connectionId < 0 && m_settings) {
        m_settings->setValue(Settings::Key::ActiveService, m_activeUidAfterMove);
        m_settings->remove(Settings::Key::RemoteServiceUrl);
    }
}

void MigrateKeychainNames::next()
{
    if (m_moves.isEmpty()) {
        for (auto it = m_connectionOk.cbegin(); it != m_connectionOk.cend(); ++it) {
            if (it.value()) // left unmarked, the next start finds nothing to move and marks it then
                (void)m_store.markKeychainNamesMigrated(it.key());
        }
        return m_done(m_report);
    }
    const Move move = m_moves.takeFirst();
    QPointer<MigrateKeychainNames> self(this);
    auto failed = [self, move](const QString& why) {
        self->m_report.problems << tr("%1 was not moved to %2: %3").arg(move.from, move.to, why);
        if (move.connectionId > 0)
            self->m_connectionOk[move.connectionId] = false;
        self->next();
    };
    m_secrets.readSecret(move.from, [self, move, failed](Expected<SecretBytes> old) {
        if (!self)
            return;
        if (!old && old.error().kind() == Error::Kind::SecretNotFound) {
            self->moved(move, false); // nothing was kept under the old name
            return self->next();
        }
        if (!old)
            return failed(old.error().message());
        self->m_secrets.writeSecret(
            move.to, move.label, old.value(), [self, move, failed](Expected<void> written) {
                if (!self)
                    return;
                if (!written)
                    return failed(written.error().message());
                self->m_secrets.deleteSecret(move.from, [self, move, failed](Expected<void> removed) {
                    if (!self)
                        return;
                    if (!removed)
                        return failed(removed.error().message()); // a copy stays; tried again next time
                    self->moved(move, true);
                    self->next();
                });
            });
    });
}

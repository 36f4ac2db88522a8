#include "ConnectService.h"

#include "core/AnswerLater.h"
#include "core/SecretStore.h"
#include "core/UrlPolicy.h"
#include "net/ServiceClient.h"
#include "storage/InventoryStore.h"

#include <QCoreApplication>
#include <QPointer>

ConnectService::ConnectService(InventoryStore& store, SecretStore& secrets, QNetworkAccessManager* network,
                               QObject* parent)
    : QObject(parent), m_store(store), m_secrets(secrets), m_network(network)
{}

Expected<QUrl> ConnectService::serviceUrl(const QString& typed)
{
    const QString text = typed.trimmed();
    if (text.isEmpty())
        return Error(Error::Kind::InvalidInput,
                     tr("Enter the service's address, for example https://keys.example.org."));
    // "keys.example.org" means https; fromUserInput alone would make it http.
    QUrl url = text.contains(QStringLiteral("://")) ? QUrl(text) : QUrl(QStringLiteral("https://") + text);
    url = url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (auto allowed = UrlPolicy::check(url, UrlPolicy::Purpose::ServiceApi); !allowed)
        return allowed.error();
    return url;
}

void ConnectService::run(Request request, Done done)
{
    auto url = serviceUrl(request.url);
    if (!url || request.token.isEmpty()) {
        const Error e = url ? Error(Error::Kind::InvalidInput,
                                    tr("Enter your token for the service (keydesk-server init or users add "
                                       "printed it)."))
                            : url.error();
        answerLater(this, std::move(done), e);
        return;
    }
    const bool named = !request.name.trimmed().isEmpty();
    if (const auto checked = named ? Connection::checkedName(request.name) : Expected<QString>(QString());
        !checked) {
        answerLater(this, std::move(done), checked.error());
        return;
    }
    const QString name = named ? request.name.trimmed() : url.value().host();
    if (!request.verify)
        return keep(name, named, url.value(), request.token, std::move(done));
    auto* client = new ServiceClient(m_network, url.value(), request.token, this);
    client->setDeadlineMs(m_deadlineMs);
    QPointer<ConnectService> self(this);
    const SecretBytes token = request.token;
    const QUrl base = url.value();
    client->listProjects([self, client, name, named, base, token, done](Expected<QList<Project>> projects) {
        client->deleteLater();
        if (!self)
            return;
        if (!projects)
            return done(projects.error());
        self->keep(name, named, base, token, done);
    });
}

void ConnectService::keep(const QString& name, bool named, const QUrl& url, const SecretBytes& token,
                          Done done)
{
    auto all = m_store.connections();
    if (!all)
        return done(all.error());
    // Signing in again replaces the token of the connection it names (or, unnamed, of the one to that
    // server). Another name is another identity on the same server -- an admin account beside a test
    // viewer -- and gets a connection of its own: a token is never swapped behind the user's back.
    std::optional<Connection> found;
    for (const Connection& c : all.value()) {
        if (c.kind == Connection::Kind::KeyDeskService && !c.embedded && c.url == url &&
            (!named || c.name == name))
            found = c;
    }
    bool added = false;
    if (!found) {
        Connection row;
        row.name = name;
        row.kind = Connection::Kind::KeyDeskService;
        row.url = url;
        auto id = m_store.addConnection(row);
        if (!id)
            return done(id.error());
        auto readBack = m_store.connection(id.value());
        if (!readBack)
            return done(readBack.error());
        found = readBack.value();
        added = true;
    }
    const Connection connection = *found;
    QPointer<ConnectService> self(this);
    m_secrets.writeSecret(
        connection.tokenAccount(), KeychainNames::label(QStringLiteral("sign-in token"), connection.name),
        token, [self, connection, added, done](Expected<void> kept) {
            if (!self)
                return;
            if (!kept) {
                if (added) // undone as far as it can be; the keychain's error is the one to report
                    (void)self->m_store.removeConnection(connection.id);
                return done(Error(
                    kept.error().kind(),
                    tr("The token could not be kept in the OS keychain: %1").arg(kept.error().message()),
                    kept.error().detail()));
            }
            done(connection);
        });
}

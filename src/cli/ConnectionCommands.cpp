#include "ConnectionCommands.h"

#include "CliSession.h"
#include "core/SecretStore.h"
#include "core/TerminalText.h"
#include "core/UrlPolicy.h"
#include "storage/InventoryStore.h"
#include "usecases/AddProviderConnection.h"
#include "usecases/ConnectService.h"
#include "usecases/DiscoverProvider.h"
#include "usecases/EditProvider.h"
#include "usecases/RemoveConnection.h"
#include "usecases/RenameConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ConnectionCommands", text);
}

std::optional<ProviderSettings::BodyFormat> bodyFormat(const QString& text)
{
    if (text == QLatin1String("form"))
        return ProviderSettings::BodyFormat::Form;
    if (text == QLatin1String("json"))
        return ProviderSettings::BodyFormat::Json;
    return std::nullopt;
}

ProviderSettings::HeaderStyle headerStyle(const QString& text)
{
    return text == QLatin1String("bearer") ? ProviderSettings::HeaderStyle::Bearer
                                           : ProviderSettings::HeaderStyle::XApiKey;
}

} // namespace

struct ConnectionCommands::Options
{
    QCommandLineOption type{QStringLiteral("type"),
                            QCoreApplication::translate("ConnectionCommands", "keydesk, oauth2 or apikey"),
                            QCoreApplication::translate("ConnectionCommands", "type")};
    QCommandLineOption name{QStringLiteral("name"),
                            QCoreApplication::translate("ConnectionCommands", "Connection name"),
                            QCoreApplication::translate("ConnectionCommands", "name")};
    QCommandLineOption url{
        QStringLiteral("url"),
        QCoreApplication::translate("ConnectionCommands", "Service URL (keydesk) or token URL (oauth2)"),
        QCoreApplication::translate("ConnectionCommands", "url")};
    QCommandLineOption issuer{
        QStringLiteral("issuer"),
        QCoreApplication::translate(
            "ConnectionCommands",
            "OAuth2 issuer URL: the token URL and client authentication are read from its "
            "metadata (RFC 8414 or OpenID Connect Discovery)"),
        QCoreApplication::translate("ConnectionCommands", "url")};
    QCommandLineOption auth{
        QStringLiteral("auth"),
        QCoreApplication::translate(
            "ConnectionCommands",
            "Client authentication: basic (RFC 6749: id and secret form-encoded), basic-raw (as "
            "curl -u), post, json or private_key_jwt (a signed assertion, RFC 7523)"),
        QCoreApplication::translate("ConnectionCommands", "auth"), QStringLiteral("basic")};
    QCommandLineOption body{
        QStringLiteral("body"),
        QCoreApplication::translate("ConnectionCommands",
                                    "The token request's body with basic or basic-raw: form or json"),
        QCoreApplication::translate("ConnectionCommands", "format"), QStringLiteral("form")};
    QCommandLineOption header{
        QStringLiteral("header"),
        QCoreApplication::translate("ConnectionCommands", "Extra request header 'Name: value' (repeatable)"),
        QCoreApplication::translate("ConnectionCommands", "header")};
    QCommandLineOption scope{QStringLiteral("scope"),
                             QCoreApplication::translate("ConnectionCommands", "OAuth2 scope"),
                             QCoreApplication::translate("ConnectionCommands", "scope")};
    QCommandLineOption audience{QStringLiteral("audience"),
                                QCoreApplication::translate("ConnectionCommands", "OAuth2 audience"),
                                QCoreApplication::translate("ConnectionCommands", "audience")};
    QCommandLineOption assertionAudience{
        QStringLiteral("assertion-audience"),
        QCoreApplication::translate("ConnectionCommands",
                                    "private_key_jwt: the assertion's aud (default: the token URL)"),
        QCoreApplication::translate("ConnectionCommands", "audience")};
    QCommandLineOption testUrl{QStringLiteral("test-url"),
                               QCoreApplication::translate("ConnectionCommands", "URL for test calls"),
                               QCoreApplication::translate("ConnectionCommands", "url")};
    QCommandLineOption testHeader{QStringLiteral("test-header"),
                                  QCoreApplication::translate("ConnectionCommands", "x-api-key or bearer"),
                                  QCoreApplication::translate("ConnectionCommands", "style"),
                                  QStringLiteral("x-api-key")};
    QCommandLineOption expect{
        QStringLiteral("expect"),
        QCoreApplication::translate("ConnectionCommands", "Expected status of a test call"),
        QCoreApplication::translate("ConnectionCommands", "status"), QStringLiteral("204")};
    QCommandLineOption format{
        QStringLiteral("format"), QCoreApplication::translate("ConnectionCommands", "show: text or json"),
        QCoreApplication::translate("ConnectionCommands", "format"), QStringLiteral("text")};

    // What `set` changes about how a provider is reached (besides its --name).
    QList<const QCommandLineOption*> providerOptions() const
    {
        return {&url,     &issuer,     &auth,  &body, &header, &scope, &audience, &assertionAudience,
                &testUrl, &testHeader, &expect};
    }
};

int ConnectionCommands::run(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        tr("List, show, add, change or remove the connections to services and vendors."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("action"),
                            tr("list (default), show <name>, add, set <name> or remove <name>"));
    const Options o;
    p.addOptions({o.type, o.name, o.url, o.issuer, o.auth, o.body, o.header, o.scope, o.audience,
                  o.assertionAudience, o.testUrl, o.testHeader, o.expect, o.format});
    if (const auto answered = m_io.parseOrAnswer(p, args))
        return *answered;
    if (auto opened = m_session.openInventory(); !opened)
        return m_io.fail(opened.error());
    const QString action = p.positionalArguments().value(0, QStringLiteral("list"));
    const QString target = p.positionalArguments().value(1);
    const bool named = action != QLatin1String("list") && action != QLatin1String("add");
    if (const auto extra = m_io.refuseExtraArguments(p, named ? 2 : 1))
        return *extra;
    if (named && target.isEmpty())
        return m_io.usage(tr("Name the connection: keydesk-cli connections %1 <name>.").arg(action));
    if (action == QLatin1String("list"))
        return list();
    if (action == QLatin1String("show"))
        return show(target, p.value(o.format));
    if (action == QLatin1String("remove"))
        return remove(target);
    if (action == QLatin1String("set"))
        return set(p, o);
    if (action == QLatin1String("add"))
        return add(p, o);
    return m_io.usage(tr("connections takes list, show, add, set or remove."));
}

int ConnectionCommands::list()
{
    auto all = m_session.store().connections();
    if (!all)
        return m_io.fail(all.error());
    for (const Connection& c : all.value()) {
        const QString where = c.embedded ? tr("embedded")
                                         : (c.kind == Connection::Kind::OAuth2Provider ? c.provider.tokenUrl
                                            : c.url.isValid()                          ? c.url
                                                                                       : c.provider.testUrl)
                                               .toString();
        m_io.out() << c.id << '\t' << TerminalText::sanitized(c.name) << '\t'
                   << Connection::kindToString(c.kind) << '\t' << TerminalText::sanitized(where) << Qt::endl;
    }
    return int(CliExit::Ok);
}

int ConnectionCommands::show(const QString& nameOrId, const QString& format)
{
    if (format != QLatin1String("text") && format != QLatin1String("json"))
        return m_io.usage(tr("--format must be text or json."));
    auto found = m_session.findConnection(nameOrId);
    if (!found)
        return m_io.fail(found.error());
    const Connection& c = found.value();
    const ProviderSettings& p = c.provider;
    QJsonArray headers;
    for (const auto& [name, value] : p.extraHeaders)
        headers.append(QStringLiteral("%1: %2").arg(name, value));
    // In the order a person reads them; JSON gets the same fields.
    QList<QPair<QString, QJsonValue>> fields{{QStringLiteral("id"), c.id},
                                             {QStringLiteral("name"), c.name},
                                             {QStringLiteral("type"), Connection::kindToString(c.kind)}};
    if (c.kind == Connection::Kind::KeyDeskService) {
        fields.append({QStringLiteral("url"), c.embedded ? QStringLiteral("embedded") : c.url.toString()});
    } else {
        if (c.kind == Connection::Kind::OAuth2Provider) {
            if (p.issuer.isValid())
                fields.append({QStringLiteral("issuer"), p.issuer.toString()});
            fields.append({QStringLiteral("token_url"), p.tokenUrl.toString()});
            fields.append({QStringLiteral("auth"), ProviderSettings::clientAuthToString(p.clientAuth)});
            fields.append(
                {QStringLiteral("body"), p.sendsJson() ? QStringLiteral("json") : QStringLiteral("form")});
            fields.append({QStringLiteral("headers"), headers});
            fields.append({QStringLiteral("scope"), p.scope});
            fields.append({QStringLiteral("audience"), p.audience});
            if (p.clientAuth == ProviderSettings::ClientAuth::PrivateKeyJwt)
                fields.append({QStringLiteral("assertion_audience"),
                               p.assertionAudience.isEmpty() ? p.tokenUrl.toString() : p.assertionAudience});
        }
        fields.append({QStringLiteral("test_url"), p.testUrl.toString()});
        fields.append({QStringLiteral("test_header"), p.testHeader == ProviderSettings::HeaderStyle::Bearer
                                                          ? QStringLiteral("bearer")
                                                          : QStringLiteral("x-api-key")});
        fields.append({QStringLiteral("expect"), p.expectedStatus});
    }
    if (format == QLatin1String("json")) {
        QJsonObject o;
        for (const auto& [key, value] : fields)
            o.insert(key, value);
        m_io.printData(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return int(CliExit::Ok);
    }
    for (const auto& [key, value] : fields) {
        QString text = value.isDouble() ? QString::number(value.toInteger()) : value.toString();
        if (key == QLatin1String("auth"))
            text += QStringLiteral(" (%1)").arg(ProviderSettings::clientAuthDisplayName(p.clientAuth));
        if (value.isArray())
            text = value.toVariant().toStringList().join(QStringLiteral(", "));
        m_io.out() << key << ":\t" << TerminalText::sanitized(text) << Qt::endl;
    }
    return int(CliExit::Ok);
}

int ConnectionCommands::remove(const QString& nameOrId)
{
    auto target = m_session.findConnection(nameOrId);
    if (!target)
        return m_io.fail(target.error());
    RemoveConnection remove(m_session.store(), &m_session.keychain());
    auto removed = m_session.await<QString>([&](auto done) { remove.run(target.value(), done); });
    if (!removed)
        return m_io.fail(removed.error());
    m_io.out() << TerminalText::sanitized(removed.value()) << Qt::endl;
    return int(CliExit::Ok);
}

QString ConnectionCommands::bodyNeedsBasic()
{
    // post and json already say where the id and secret go; --body chooses for HTTP Basic only.
    return tr("--body is for --auth basic or basic-raw; with post the body is a form, with json it is JSON.");
}

int ConnectionCommands::set(const QCommandLineParser& p, const Options& o)
{
    auto target = m_session.findConnection(p.positionalArguments().value(1));
    if (!target)
        return m_io.fail(target.error());
    const QList<const QCommandLineOption*> providerOptions = o.providerOptions();
    const bool providerChanges =
        std::any_of(providerOptions.cbegin(), providerOptions.cend(),
                    [&p](const QCommandLineOption* option) { return p.isSet(*option); });
    if (p.isSet(o.name)) {
        RenameConnection rename(m_session.store(), &m_session.keychain());
        auto renamed = m_session.await<Connection>(
            [&](auto done) { rename.run(target.value(), p.value(o.name), done); });
        if (!renamed)
            return renamed.error().kind() == Error::Kind::InvalidInput ? m_io.usage(renamed.error().message())
                                                                       : m_io.fail(renamed.error());
        m_io.out() << tr("Renamed connection %1 to %2.")
                          .arg(TerminalText::sanitized(target.value().name),
                               TerminalText::sanitized(renamed.value().name))
                   << Qt::endl;
        target.value().name = renamed.value().name;
        if (!providerChanges)
            return int(CliExit::Ok);
    }
    // Only what is given changes; everything else stays as it was.
    ProviderSettings edited = target.value().provider;
    if (p.isSet(o.url)) {
        edited.tokenUrl = QUrl(p.value(o.url));
        edited.issuer.clear(); // no longer what the issuer's metadata said
        edited.issuerAuthMethods.clear();
    }
    if (p.isSet(o.auth)) {
        const auto clientAuth = ProviderSettings::clientAuthFromString(p.value(o.auth));
        if (!clientAuth)
            return m_io.usage(tr("--auth must be basic, basic-raw, post, json or private_key_jwt."));
        edited.clientAuth = *clientAuth;
    }
    if (p.isSet(o.issuer)) {
        if (const int failed = discover(p.value(o.issuer), p.isSet(o.auth), edited))
            return failed;
    }
    if (p.isSet(o.body)) {
        const auto format = bodyFormat(p.value(o.body));
        if (!format)
            return m_io.usage(tr("--body must be form or json."));
        if (!ProviderSettings::isBasic(edited.clientAuth))
            return m_io.usage(bodyNeedsBasic());
        edited.bodyFormat = *format;
    }
    if (p.isSet(o.header)) {
        edited.extraHeaders.clear();
        for (const QString& line : p.values(o.header)) {
            auto parsed = ProviderSettings::parseHeader(line);
            if (!parsed)
                return m_io.usage(parsed.error().message());
            edited.extraHeaders << parsed.value();
        }
    }
    if (p.isSet(o.scope))
        edited.scope = p.value(o.scope);
    if (p.isSet(o.audience))
        edited.audience = p.value(o.audience);
    if (p.isSet(o.assertionAudience))
        edited.assertionAudience = p.value(o.assertionAudience);
    if (p.isSet(o.testUrl))
        edited.testUrl = QUrl(p.value(o.testUrl));
    if (p.isSet(o.testHeader))
        edited.testHeader = headerStyle(p.value(o.testHeader));
    if (p.isSet(o.expect))
        edited.expectedStatus = p.value(o.expect).toInt();
    if (auto checked = EditProvider::check(target.value(), edited); !checked)
        return m_io.usage(checked.error().message());
    auto saved = EditProvider::apply(m_session.store(), target.value(), edited);
    if (!saved)
        return m_io.fail(saved.error());
    m_io.out() << tr("Updated connection %1.").arg(TerminalText::sanitized(saved.value().name)) << Qt::endl;
    return int(CliExit::Ok);
}

int ConnectionCommands::add(const QCommandLineParser& p, const Options& o)
{
    const auto kind = Connection::kindFromString(p.value(o.type));
    if (!kind)
        return m_io.usage(tr("--type must be keydesk, oauth2 or apikey."));
    Connection c;
    c.name = p.value(o.name);
    c.kind = *kind;
    const auto clientAuth = ProviderSettings::clientAuthFromString(p.value(o.auth));
    if (!clientAuth)
        return m_io.usage(tr("--auth must be basic, basic-raw, post, json or private_key_jwt."));
    c.provider.clientAuth = *clientAuth;
    c.provider.scope = p.value(o.scope);
    const bool discovered = c.kind == Connection::Kind::OAuth2Provider && p.isSet(o.issuer);
    if (discovered) {
        if (p.isSet(o.url))
            return m_io.usage(tr("Give --url or --issuer, not both."));
        if (const int failed = discover(p.value(o.issuer), p.isSet(o.auth), c.provider))
            return failed;
    } else if (c.kind == Connection::Kind::ApiKeyProvider && (p.isSet(o.url) || p.isSet(o.issuer))) {
        return m_io.usage(tr("An apikey connection has no token endpoint: give its --test-url, not --url or "
                             "--issuer."));
    } else if (c.kind != Connection::Kind::ApiKeyProvider) {
        const QUrl given(p.value(o.url));
        if (!given.isValid() || given.host().isEmpty())
            return m_io.usage(tr("--url must be a full URL such as https://api.example.com/oauth/token."));
        const auto purpose = c.kind == Connection::Kind::KeyDeskService ? UrlPolicy::Purpose::ServiceApi
                                                                        : UrlPolicy::Purpose::TokenEndpoint;
        if (auto allowed = UrlPolicy::check(given, purpose); !allowed)
            return m_io.usage(allowed.error().message());
        (c.kind == Connection::Kind::KeyDeskService ? c.url : c.provider.tokenUrl) = given;
    }
    const auto format = bodyFormat(p.value(o.body));
    if (!format)
        return m_io.usage(tr("--body must be form or json."));
    if (p.isSet(o.body) && !ProviderSettings::isBasic(c.provider.clientAuth))
        return m_io.usage(bodyNeedsBasic());
    c.provider.bodyFormat = *format;
    for (const QString& line : p.values(o.header)) {
        auto parsed = ProviderSettings::parseHeader(line);
        if (!parsed)
            return m_io.usage(parsed.error().message());
        c.provider.extraHeaders << parsed.value();
    }
    c.provider.audience = p.value(o.audience);
    c.provider.assertionAudience = p.value(o.assertionAudience);
    c.provider.testUrl = QUrl(p.value(o.testUrl));
    c.provider.testHeader = headerStyle(p.value(o.testHeader));
    bool ok = false;
    c.provider.expectedStatus = p.value(o.expect).toInt(&ok);
    if (!ok)
        return m_io.usage(tr("--expect must be an HTTP status such as 204."));
    if (c.kind == Connection::Kind::KeyDeskService) {
        const auto name = Connection::checkedName(c.name);
        if (!name)
            return m_io.usage(name.error().message());
        c.name = name.value();
        return addKeyDeskService(c, p.value(o.url));
    }
    // The app's Add Provider Credential checks with the same rules and words (AddProviderConnection).
    if (auto checked = AddProviderConnection::check(c); !checked)
        return m_io.usage(checked.error().message());
    auto added = AddProviderConnection(m_session.store()).run(c);
    if (!added)
        return m_io.fail(added.error());
    m_io.out() << tr("Added connection %1 (%2).")
                      .arg(TerminalText::sanitized(added.value().name))
                      .arg(added.value().id)
               << Qt::endl;
    return int(CliExit::Ok);
}

int ConnectionCommands::addKeyDeskService(const Connection& c, const QString& typedUrl)
{
    SecretBytes token = m_io.readSecret(tr("Your token for the service (input hidden):"));
    if (token.isEmpty())
        return m_io.usage(tr("Give your token for the service on standard input."));
    // Kept without asking the service: a team server can be added while it is out of reach.
    ConnectService connect(m_session.store(), m_session.keychain(), m_session.network());
    ConnectService::Request request{c.name, typedUrl, std::move(token), false};
    auto added = m_session.await<Connection>([&](auto done) { connect.run(std::move(request), done); });
    if (!added)
        return m_io.fail(added.error());
    m_io.out() << tr("Added connection %1 (%2).")
                      .arg(TerminalText::sanitized(added.value().name))
                      .arg(added.value().id)
               << Qt::endl;
    return int(CliExit::Ok);
}

int ConnectionCommands::discover(const QString& issuer, bool authGiven, ProviderSettings& provider)
{
    DiscoverProvider discovery(m_session.network());
    discovery.setDeadlineMs(m_session.deadlineMs());
    const auto wanted = authGiven ? std::optional(provider.clientAuth) : std::nullopt;
    auto found = m_session.await<DiscoveredProvider>([&](auto done) { discovery.run(issuer, wanted, done); });
    if (!found)
        return m_io.fail(found.error());
    const DiscoveredProvider& r = found.value();
    DiscoverProvider::applyTo(r, provider);
    m_io.out() << tr("Metadata: %1").arg(TerminalText::sanitized(r.documentUrl.toString())) << Qt::endl
               << tr("Token endpoint: %1").arg(TerminalText::sanitized(r.tokenEndpoint.toString()))
               << Qt::endl
               << tr("Client authentication: %1").arg(TerminalText::sanitized(r.reason)) << Qt::endl;
    if (!r.scopes.isEmpty())
        m_io.out() << tr("Scopes offered: %1").arg(TerminalText::sanitized(r.scopes.join(QLatin1Char(' '))))
                   << Qt::endl;
    return 0;
}

#pragma once

#include "core/DiscoveredProvider.h"
#include "core/Expected.h"
#include "core/ProviderSettings.h"

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <functional>
#include <optional>

class QNetworkAccessManager;

// Finds an OAuth2 server's token endpoint from its issuer URL: RFC 8414 authorization server metadata
// (/.well-known/oauth-authorization-server inserted before the issuer's path), then OpenID Connect Discovery
// (/.well-known/openid-configuration appended). The document must name the issuer that was asked for (else it
// is refused: a mix-up attack would send the secret elsewhere), its token endpoint must pass the URL policy,
// and a client authentication method KeyDesk supports is picked from the ones it lists, with the reason.
// The document is hostile until checked: at most 64 KiB, bounded in time, only same-origin redirects.
class ProviderDiscovery : public QObject
{
    Q_OBJECT

public:
    using Result = DiscoveredProvider;
    using Done = std::function<void(Expected<Result>)>;
    static constexpr qint64 MaxDocumentBytes = 64 * 1024;

    explicit ProviderDiscovery(QNetworkAccessManager* network, QObject* parent = nullptr);
    void setDeadlineMs(int ms) { m_deadlineMs = ms; }

    // `wanted`: the method the user asked for, checked against the server's list; nullopt: KeyDesk picks.
    void discover(const QString& issuer, std::optional<ProviderSettings::ClientAuth> wanted, Done done);

    // The parts that need no network (tests and the fuzzer feed them hostile input).
    static Expected<QUrl> issuerUrl(const QString& typed);
    static QList<QUrl> documentUrls(const QUrl& issuer);
    static Expected<Result> parse(const QByteArray& document, const QUrl& issuer,
                                  std::optional<ProviderSettings::ClientAuth> wanted);

private:
    struct Attempt;
    void fetch(std::shared_ptr<Attempt> attempt);

    QNetworkAccessManager* m_network;
    int m_deadlineMs = 15000;
};

#include "UrlPolicy.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("UrlPolicy", text);
}

QString what(UrlPolicy::Purpose purpose)
{
    switch (purpose) {
    // Spelled out (not tr()): lupdate gives free functions outside a namespace no context.
    case UrlPolicy::Purpose::ServiceApi:
        return QCoreApplication::translate("UrlPolicy", "The service address");
    case UrlPolicy::Purpose::TokenEndpoint:
        return QCoreApplication::translate("UrlPolicy", "The token URL");
    case UrlPolicy::Purpose::TestCall:
        return QCoreApplication::translate("UrlPolicy", "The test URL");
    case UrlPolicy::Purpose::Issuer:
        return QCoreApplication::translate("UrlPolicy", "The issuer URL");
    }
    return {};
}

} // namespace

namespace UrlPolicy {

bool isLoopbackHost(const QString& host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

Expected<void> check(const QUrl& url, Purpose purpose)
{
    const QString subject = what(purpose);
    if (!url.isValid() || url.host().isEmpty() || url.isRelative())
        return Error(Error::Kind::InvalidInput,
                     tr("%1 is not a full address such as https://api.example.com/.").arg(subject));
    if (!url.userName().isEmpty() || !url.password().isEmpty())
        return Error(Error::Kind::InvalidInput,
                     tr("%1 must not contain a user name or password; KeyDesk sends credentials itself.")
                         .arg(subject));
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http") && isLoopbackHost(url.host()))
        return {};
    if (scheme == QLatin1String("http"))
        return Error(Error::Kind::InvalidInput,
                     tr("%1 must use https: credentials must not cross the network unencrypted (plain http "
                        "only to this machine).")
                         .arg(subject),
                     url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    return Error(Error::Kind::InvalidInput, tr("%1 must be an https:// address.").arg(subject),
                 url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
}

} // namespace UrlPolicy

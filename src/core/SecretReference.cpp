#include "SecretReference.h"

#include <QCoreApplication>
#include <QUrl>

namespace {

Error bad(const QString& text, const char* why)
{
    return Error(
        Error::Kind::InvalidInput,
        QCoreApplication::translate("SecretReference", "\u201C%1\u201D is not a credential reference: %2")
            .arg(text.left(200), QCoreApplication::translate("SecretReference", why)));
}

std::optional<SecretReference::Part> partNamed(const QString& name)
{
    if (name == QLatin1String("secret"))
        return SecretReference::Part::Secret;
    if (name == QLatin1String("token"))
        return SecretReference::Part::Token;
    return std::nullopt;
}

} // namespace

Expected<SecretReference> SecretReference::parseUri(const QString& text)
{
    if (!isUri(text))
        return bad(text, QT_TRANSLATE_NOOP("SecretReference", "it must start with keydesk://."));
    // Names may hold spaces or a slash percent-encoded (keydesk://Vendor%20sandbox/Partner%20API/token).
    const QStringList parts = text.mid(10).split(QLatin1Char('/'));
    if (parts.size() < 2 || parts.size() > 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
        return bad(text,
                   QT_TRANSLATE_NOOP("SecretReference",
                                     "write it as keydesk://<connection>/<credential>[/secret|/token]."));
    SecretReference r;
    r.connection = QUrl::fromPercentEncoding(parts.at(0).toUtf8());
    r.credential = QUrl::fromPercentEncoding(parts.at(1).toUtf8());
    if (parts.size() == 3) {
        const auto part = partNamed(parts.at(2));
        if (!part)
            return bad(text, QT_TRANSLATE_NOOP("SecretReference", "its last part must be secret or token."));
        r.part = *part;
    }
    return r;
}

Expected<SecretReference> SecretReference::parseShort(const QString& text)
{
    if (isUri(text))
        return parseUri(text);
    // "keydesk:/Local/Deploy" or "keydesk:Local/Deploy" is a reference mistyped, not a credential's name.
    if (text.startsWith(QLatin1String("keydesk:"), Qt::CaseInsensitive))
        return bad(text,
                   QT_TRANSLATE_NOOP("SecretReference",
                                     "write it as keydesk://<connection>/<credential>[/secret|/token]."));
    SecretReference r;
    r.credential = text;
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0) {
        if (const auto part = partNamed(text.mid(colon + 1))) {
            r.credential = text.left(colon);
            r.part = *part;
        }
    }
    if (r.credential.trimmed().isEmpty())
        return bad(text, QT_TRANSLATE_NOOP("SecretReference", "it names no credential."));
    return r;
}

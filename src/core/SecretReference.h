#pragma once

#include "Expected.h"

#include <QString>

// Which value of which credential a program is given: `keydesk://<connection>/<credential>[/secret|/token]`
// (an --env-file value, keydesk-cli read) or `<credential>[:secret|:token]` (keydesk-cli run --env). Without
// a part, the credential's kind decides: a token for an OAuth2 client, the secret for a key.
struct SecretReference
{
    enum class Part
    {
        Default,
        Secret,
        Token
    };
    QString connection; // empty: any connection (the credential's key id or name must then be unique)
    QString credential; // key id or name
    Part part = Part::Default;

    static bool isUri(const QString& text) { return text.startsWith(QLatin1String("keydesk://")); }
    static Expected<SecretReference> parseUri(const QString& text);
    static Expected<SecretReference> parseShort(const QString& text);
};
